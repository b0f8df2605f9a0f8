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
 * When a call of an {@code @Offload(distributed = true)} method goes to the distributed
 * queue.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public enum DistributedPolicy {

	/**
	 * Run on this instance's offload pool when one of its threads is idle; otherwise
	 * queue the call, for any instance with an idle thread.
	 */
	LOCAL_FIRST,

	/**
	 * Always queue the call.
	 */
	ALWAYS

}
