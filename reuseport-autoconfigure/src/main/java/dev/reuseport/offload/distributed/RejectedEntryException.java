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

/**
 * Thrown when an entry read from the task stream cannot be run: it is foreign, too large,
 * names no registered task or carries arguments that do not bind. Such an entry goes to
 * the dead-letter stream with the message as its reason, and is never retried.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class RejectedEntryException extends RuntimeException {

	/**
	 * Create a new instance.
	 * @param reason why the entry was rejected
	 */
	public RejectedEntryException(String reason) {
		super(reason, null, false, false);
	}

}
