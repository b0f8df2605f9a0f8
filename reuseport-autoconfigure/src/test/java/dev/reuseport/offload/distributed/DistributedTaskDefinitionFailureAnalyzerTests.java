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

package dev.reuseport.offload.distributed;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DistributedTaskDefinitionFailureAnalyzer}.
 *
 * @author reuseport team
 */
class DistributedTaskDefinitionFailureAnalyzerTests {

	@Test
	void analysisNamesTheMethodWhatCannotTravelAndWhatToDo() {
		DistributedTaskDefinitionException failure = new DistributedTaskDefinitionException(
				ReflectionUtils.findMethod(Tasks.class, "render", java.io.InputStream.class),
				"its parameter 0 (java.io.InputStream) cannot travel to another instance as JSON");
		FailureAnalysis analysis = new DistributedTaskDefinitionFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).isEqualTo("The method " + Tasks.class.getName()
				+ ".render is marked @Offload(distributed = true), but its parameter 0 (java.io.InputStream) cannot "
				+ "travel to another instance as JSON.");
		assertThat(analysis.getAction()).contains("travel as JSON").contains("@Offload(name = ...)");
	}

	static class Tasks {

		CompletableFuture<String> render(java.io.InputStream input) {
			return CompletableFuture.completedFuture("");
		}

	}

}
