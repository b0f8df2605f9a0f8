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

package dev.reuseport.server.supervision;

/**
 * Creates the worker with a given index, bound to a given port. Workers created later
 * (replacements, added workers) come from the same factory as the first ones, so they
 * carry the same configuration.
 *
 * @author reuseport team
 */
@FunctionalInterface
interface ReusePortWorkerFactory {

	/**
	 * Create a worker that is not started yet.
	 * @param index the worker's index
	 * @param generation 0 for the first worker of this index, then 1, 2, … for each
	 * replacement
	 * @param port the port to bind; {@code 0} for an ephemeral port
	 * @return the worker
	 */
	ReusePortWorker createWorker(int index, int generation, int port);

}
