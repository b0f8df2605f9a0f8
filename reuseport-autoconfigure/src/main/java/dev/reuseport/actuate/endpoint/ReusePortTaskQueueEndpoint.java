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

package dev.reuseport.actuate.endpoint;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.reuseport.offload.distributed.TaskQueueAdmin;
import dev.reuseport.offload.distributed.TaskQueueAdmin.DeadLetter;
import dev.reuseport.offload.distributed.TaskSubmitter;
import dev.reuseport.offload.distributed.TaskWorker;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@link Endpoint @Endpoint} that shows the distributed offload queue: its length, the
 * entries pending per consumer, the group's lag, the retries waiting for their backoff,
 * the dead letters, what this instance's worker did (completed, retried, dead-lettered,
 * expired, claimed), and the most recent dead letters with their reasons; their arguments
 * are shown as digests unless {@code show-values} allows them. Its write operation
 * replays a dead letter as a new job or purges the dead letters; it is off unless
 * {@code management.endpoint.reuseporttasks.access=unrestricted}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@Endpoint(id = "reuseporttasks", defaultAccess = Access.READ_ONLY)
public class ReusePortTaskQueueEndpoint {

	private static final int RECENT_DEAD_LETTERS = 10;

	private final TaskWorker worker;

	private final TaskSubmitter submitter;

	private final TaskQueueAdmin admin;

	private final Show showValues;

	private final Set<String> roles;

	/**
	 * Create a new instance.
	 * @param worker this instance's worker
	 * @param submitter this instance's submitter
	 * @param admin reads and repairs the queue
	 * @param showValues when to show the arguments of dead letters, which can carry
	 * personal data; otherwise only digests of them are shown
	 * @param roles the roles that may see them with {@link Show#WHEN_AUTHORIZED}
	 */
	public ReusePortTaskQueueEndpoint(TaskWorker worker, TaskSubmitter submitter, TaskQueueAdmin admin, Show showValues,
			Set<String> roles) {
		this.worker = worker;
		this.submitter = submitter;
		this.admin = admin;
		this.showValues = showValues;
		this.roles = roles;
	}

	@ReadOperation
	public QueueDescriptor queue(SecurityContext securityContext) {
		boolean shown = this.showValues.isShown(securityContext, this.roles);
		TaskWorker.QueueState state = this.worker.getQueueState();
		List<DeadLetterDescriptor> recent = this.admin.deadLetters(RECENT_DEAD_LETTERS)
			.stream()
			.map((letter) -> DeadLetterDescriptor.of(letter, shown))
			.toList();
		return new QueueDescriptor(state.length(), state.pending(), state.lag(), state.delayed(), state.deadLetters(),
				this.admin.pendingPerConsumer(), InstanceDescriptor.of(this.worker, this.submitter), recent);
	}

	/**
	 * Repair the queue: {@code POST} with {@code {"replay": "<dead letter id>"}} queues a
	 * dead letter's task again as a new job (attempt 1, no caller) and removes the dead
	 * letter; {@code {"purge": true}} removes every dead letter.
	 * @param replay the id of the dead letter to replay
	 * @param purge whether to remove every dead letter
	 * @return what was done; {@code 400} when nothing is named or the dead letter holds
	 * no task, {@code 404} when there is no such dead letter
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> repair(@Nullable String replay, @Nullable Boolean purge) {
		if (Boolean.TRUE.equals(purge)) {
			return new WebEndpointResponse<>(Map.of("purged", this.admin.purgeDeadLetters()),
					WebEndpointResponse.STATUS_OK);
		}
		if (replay == null || replay.isBlank()) {
			return EndpointResponses.message(WebEndpointResponse.STATUS_BAD_REQUEST,
					"Name what to do: \"replay\": \"<dead letter id>\" or \"purge\": true");
		}
		try {
			return new WebEndpointResponse<>(
					Map.of("replayed", replay.trim(), "entry", this.admin.replay(replay.trim())),
					WebEndpointResponse.STATUS_OK);
		}
		catch (IllegalArgumentException ex) {
			boolean missing = String.valueOf(ex.getMessage()).startsWith("No dead letter");
			return EndpointResponses.message(
					missing ? WebEndpointResponse.STATUS_NOT_FOUND : WebEndpointResponse.STATUS_BAD_REQUEST,
					String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * The queue.
	 *
	 * @param length entries in the task stream (waiting or running)
	 * @param pending entries delivered and not yet acknowledged
	 * @param lag entries not yet delivered
	 * @param delayed retries waiting for their backoff
	 * @param deadLetters entries in the dead-letter stream
	 * @param pendingPerConsumer pending entries per consumer (instance)
	 * @param instance what this instance did
	 * @param recentDeadLetters the most recent dead letters, newest first
	 */
	public record QueueDescriptor(long length, long pending, long lag, long delayed, long deadLetters,
			Map<String, Long> pendingPerConsumer, InstanceDescriptor instance,
			List<DeadLetterDescriptor> recentDeadLetters) implements OperationResponseBody {

	}

	/**
	 * What this instance's worker and submitter did since it started.
	 *
	 * @param name the instance's consumer name
	 * @param running tasks running now
	 * @param waiting callers waiting for a result
	 * @param completed tasks run with a result
	 * @param retried attempts that threw and were queued again
	 * @param deadLettered tasks moved to the dead letter
	 * @param expired tasks not run because their caller's deadline passed
	 * @param claimed entries claimed from consumers that went silent
	 * @param fenced results not published because the lease was lost
	 */
	public record InstanceDescriptor(String name, int running, int waiting, long completed, long retried,
			long deadLettered, long expired, long claimed, long fenced) {

		static InstanceDescriptor of(TaskWorker worker, TaskSubmitter submitter) {
			return new InstanceDescriptor(submitter.getInstance(), worker.getRunning().size(), submitter.getWaiting(),
					worker.getOutcomes("done"), worker.getOutcomes("retry"), worker.getOutcomes("dead"),
					worker.getOutcomes("expired"), worker.getClaimed(), worker.getOutcomes("fenced"));
		}

	}

	/**
	 * A dead letter.
	 *
	 * @param id its id in the dead-letter stream, for a replay
	 * @param taskId the task's id, empty for a foreign entry
	 * @param name the task's name, empty for a foreign entry
	 * @param reason why it is there
	 * @param consumer the instance that moved it there
	 * @param attempt the attempt it failed on, {@code 0} when unknown
	 * @param arguments its arguments, or their digest unless values are shown
	 */
	public record DeadLetterDescriptor(String id, String taskId, String name, String reason, String consumer,
			int attempt, String arguments) {

		static DeadLetterDescriptor of(DeadLetter letter, boolean shown) {
			String arguments = (shown || letter.arguments().isEmpty()) ? letter.arguments()
					: ValueDigests.digest(letter.arguments());
			return new DeadLetterDescriptor(letter.id(), letter.taskId(), letter.name(), letter.reason(),
					letter.consumer(), letter.attempt(), arguments);
		}

	}

}
