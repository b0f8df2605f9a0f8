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

import org.springframework.util.Assert;

/**
 * The Redis keys of one application's task queue, all under
 * {@code reuseport:<application>:offload:}: the task stream ({@code tasks}) with its
 * consumer group ({@code workers}), the sorted set of retries waiting for their backoff
 * ({@code delayed}, scored by the Redis time they are due), the dead-letter stream
 * ({@code dead}), one reply stream per instance ({@code replies:<instance>}) and the
 * state of each job ({@code job:<task id>}, kept a day).
 *
 * @param tasks the task stream
 * @param delayed the retries waiting for their backoff
 * @param dead the dead-letter stream
 * @param replyPrefix the prefix of the reply streams
 * @param group the consumer group
 * @param jobPrefix the prefix of the job states
 * @author reuseport team
 * @since 0.1.0
 */
public record TaskStreams(String tasks, String delayed, String dead, String replyPrefix, String group,
		String jobPrefix) {

	/**
	 * Return the keys of an application.
	 * @param application the application's name
	 * @return the keys
	 */
	public static TaskStreams of(String application) {
		Assert.hasText(application, "'application' must not be empty");
		String prefix = "reuseport:" + application + ":offload:";
		return new TaskStreams(prefix + "tasks", prefix + "delayed", prefix + "dead", prefix + "replies:", "workers",
				prefix + "job:");
	}

	/**
	 * Return the reply stream of an instance.
	 * @param instance the instance
	 * @return its key
	 */
	public String replies(String instance) {
		return this.replyPrefix + instance;
	}

	/**
	 * Return the key of a job's state.
	 * @param taskId the job's task id
	 * @return its key
	 */
	public String job(String taskId) {
		return this.jobPrefix + taskId;
	}

}
