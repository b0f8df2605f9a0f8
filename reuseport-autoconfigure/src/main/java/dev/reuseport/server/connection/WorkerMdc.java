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

package dev.reuseport.server.connection;

import dev.reuseport.server.supervision.WorkerThreads;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

/**
 * Puts the worker index in SLF4J's MDC when SLF4J is present.
 *
 * @author reuseport team
 */
public final class WorkerMdc {

	/**
	 * The MDC class, looked up by name because SLF4J is optional.
	 */
	public static final String SLF4J_MDC = "org.slf4j.MDC";

	private static final boolean SLF4J_PRESENT = ClassUtils.isPresent(SLF4J_MDC, WorkerMdc.class.getClassLoader());

	private WorkerMdc() {
	}

	public static void put(int workerIndex) {
		if (SLF4J_PRESENT) {
			Slf4j.put(workerIndex);
		}
	}

	private static final class Slf4j {

		static void put(int workerIndex) {
			MDC.put(WorkerThreads.WORKER_KEY, Integer.toString(workerIndex));
		}

	}

}
