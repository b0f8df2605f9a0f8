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

import java.lang.reflect.Method;

/**
 * Thrown at start-up when an {@code @Offload(distributed = true)} method cannot be a
 * distributed task: a parameter cannot travel as JSON, or its task name is taken.
 *
 * @author reuseport team
 * @since 0.1.0
 * @see DistributedTaskDefinitionFailureAnalyzer
 */
public class DistributedTaskDefinitionException extends IllegalStateException {

	private final String method;

	private final String problem;

	/**
	 * Create a new instance.
	 * @param method the method
	 * @param problem what is wrong with it
	 */
	public DistributedTaskDefinitionException(Method method, String problem) {
		super("@Offload(distributed = true) method " + method.toGenericString() + ": " + problem);
		this.method = method.getDeclaringClass().getName() + "." + method.getName();
		this.problem = problem;
	}

	/**
	 * Return the method, as {@code <class>.<method>}.
	 * @return the method
	 */
	public String getMethod() {
		return this.method;
	}

	/**
	 * Return what is wrong with it.
	 * @return the problem
	 */
	public String getProblem() {
		return this.problem;
	}

}
