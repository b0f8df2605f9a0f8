/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.offload.web;

import java.util.List;

import dev.reuseport.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves with BlockHound that the offload paths make no blocking call on an event loop.
 *
 * @author reuseport team
 */
class BlockHoundOffloadTests {

	@Test
	void offloadPathsDoNotBlockEventLoops() {
		ChildJvm.Result result = ChildJvm.run(List.of("-XX:+AllowRedefinitionToAddDeleteMethods"),
				BlockHoundOffloadCheck.class);
		assertThat(result.output()).as(result.output())
			.contains("CHECK worker 200 0")
			.contains("CHECK submit 200 0")
			.contains("CHECK annotated 200 0")
			.contains("CHECK submit-run-timeout 503 0")
			.contains("CHECK annotated-run-timeout 503 0")
			.contains("CHECK saturated-setup busy=1 queued=1")
			.contains("CHECK submit-saturated 503 0")
			.contains("CHECK annotated-saturated 503 0")
			.containsPattern("CHECK control 200 [1-9]");
		assertThat(result.exitCode()).isZero();
	}

}
