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
 * Gives tests outside this package a worker's event loop, to stall it.
 *
 * @author reuseport team
 */
public final class EventLoops {

	private EventLoops() {
	}

	/**
	 * Run a task on one of the worker's event loops.
	 * @param worker the worker
	 * @param task the task
	 */
	public static void execute(ReusePortWorker worker, Runnable task) {
		worker.executeOnEventLoop(task);
	}

}
