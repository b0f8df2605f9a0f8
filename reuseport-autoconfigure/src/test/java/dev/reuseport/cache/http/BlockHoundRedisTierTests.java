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

package dev.reuseport.cache.http;

import java.util.List;

import dev.reuseport.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the Redis tier never blocks an event loop, with Redis answering and with
 * Redis frozen, under BlockHound in a JVM of its own ({@link BlockHoundRedisTierCheck}).
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class BlockHoundRedisTierTests {

	@Test
	void redisTierPathsDoNotBlockEventLoops() {
		ChildJvm.Result result = ChildJvm.run(List.of("-XX:+AllowRedefinitionToAddDeleteMethods"),
				BlockHoundRedisTierCheck.class);
		assertThat(result.output()).as(result.output())
			.contains("CHECK miss-and-fill [200] 0")
			.contains("CHECK redis-hit [200] 0")
			.containsPattern("STATUS redis-hit \\[[^\\n]*reuseport-redis; hit")
			.contains("CHECK coalesced-across [200] 0")
			.contains("CHECK purge-by-post [204] 0")
			.contains("CHECK frozen-redis [200] 0")
			.contains("CHECK frozen-redis-hit [200] 0")
			.contains("BREAKER open")
			.containsPattern("CHECK control \\[200\\] [1-9]");
		assertThat(result.exitCode()).isZero();
	}

}
