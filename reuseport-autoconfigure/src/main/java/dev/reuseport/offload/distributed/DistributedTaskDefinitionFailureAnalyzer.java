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

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link DistributedTaskDefinitionException}: which method, what cannot
 * travel, and what to do.
 *
 * @author reuseport team
 */
class DistributedTaskDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<DistributedTaskDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DistributedTaskDefinitionException cause) {
		return new FailureAnalysis(
				"The method " + cause.getMethod() + " is marked @Offload(distributed = true), but " + cause.getProblem()
						+ ".",
				"Pass only values that travel as JSON (ids, numbers, strings, records) to a distributed task and read "
						+ "the rest (the request, the user, streams) in the caller; give each task a unique name with "
						+ "@Offload(name = ...); or remove distributed = true.",
				cause);
	}

}
