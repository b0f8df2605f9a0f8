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
 * What a task knows of its run: its id, the same over every attempt and every delivery,
 * the attempt, and the instance running it (its consumer name in the queue, also the name
 * of a run on the caller's own pool). A task can run more than once (a worker that dies
 * after the task ran but before its result was recorded, a retry): tasks must be
 * idempotent, and can use the id to make their effects so.
 *
 * @param taskId the task's id
 * @param attempt the attempt, from 1
 * @param instance the instance that runs this attempt
 * @author reuseport team
 * @since 0.1.0
 */
public record TaskContext(String taskId, int attempt, String instance) {

}
