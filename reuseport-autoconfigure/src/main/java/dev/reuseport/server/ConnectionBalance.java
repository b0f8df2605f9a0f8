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

package dev.reuseport.server;

/**
 * Where a worker serves the connections its listener accepts.
 *
 * @author reuseport team
 * @since 0.2.0
 */
public enum ConnectionBalance {

	/**
	 * On the worker with the fewest open connections: the kernel still spreads accepts
	 * over every listener, then each accepted connection moves, before it is set up, to
	 * the running worker that serves the fewest connections (the accepting one on a tie).
	 * Keeps long-lived keep-alive connections even over the workers.
	 */
	LEAST_CONNECTIONS,

	/**
	 * On the accepting worker: where the kernel's hash of the connection's addresses put
	 * it. Long-lived connections can spread unevenly.
	 */
	KERNEL

}
