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

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import dev.reuseport.offload.CallerContext;
import dev.reuseport.offload.OffloadUnavailableException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

/**
 * The distributed offload queue's programmatic API, for tasks called by name rather than
 * through an {@link dev.reuseport.offload.Offload @Offload(distributed = true)} method:
 * <pre class="code">
 * Mono&lt;Thumbnail&gt; thumbnail = this.tasks.call("thumbnail", Thumbnail.class, "cat", 64);
 * Mono&lt;String&gt; jobId = this.tasks.enqueue("purge", "old");
 * Mono&lt;JobState&gt; state = this.tasks.jobState(jobId);
 * </pre> Arguments travel as JSON and bind on the instance that runs the task to its
 * declared parameter types, as for {@code @Offload} methods. A call waits at most
 * {@code reuseport.offload.timeout}: no result within it, a task not run because its
 * deadline passed, or a full queue, ends with {@link OffloadUnavailableException} (503
 * with its reason in a WebFlux application); a task that failed on its last attempt with
 * {@link TaskFailedException}. Nothing here waits on the caller's thread.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class DistributedTasks {

	private final TaskSubmitter submitter;

	private final TaskArguments arguments;

	private final Duration timeout;

	/**
	 * Create a new instance.
	 * @param submitter queues the tasks
	 * @param arguments writes arguments and reads results
	 * @param timeout how long a call waits for its result
	 */
	public DistributedTasks(TaskSubmitter submitter, TaskArguments arguments, Duration timeout) {
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
		this.submitter = submitter;
		this.arguments = arguments;
		this.timeout = timeout;
	}

	/**
	 * Queue a call of a task and return its result, from whichever instance ran it.
	 * @param <T> the result type
	 * @param name the task's registered name
	 * @param resultType the type the result is read as
	 * @param arguments the task's arguments
	 * @return the result, empty for a {@code null} one
	 */
	public <T> Mono<T> call(String name, Class<T> resultType, @Nullable Object... arguments) {
		return Mono.defer(() -> queued(name, this.arguments.write(arguments), resultType)).cast(resultType);
	}

	/**
	 * Queue a job: a task whose result nobody waits for, run even if this instance goes
	 * away.
	 * @param name the task's registered name
	 * @param arguments the task's arguments
	 * @return the job's id, once Redis has its entry
	 */
	public Mono<String> enqueue(String name, @Nullable Object... arguments) {
		return Mono.defer(() -> queuedJob(name, this.arguments.write(arguments)));
	}

	/**
	 * Read a job's state, kept a day after its last change.
	 * @param jobId the job's id, as {@link #enqueue} returned it
	 * @return the state; {@link JobState#UNKNOWN} for a job never queued or whose state
	 * expired
	 */
	public Mono<JobState> jobState(String jobId) {
		return Mono.fromFuture(() -> this.submitter.jobState(jobId), true)
			.map(JobState::of)
			.defaultIfEmpty(JobState.UNKNOWN);
	}

	/**
	 * Return the name of this instance in the queue.
	 * @return the name
	 */
	public String getInstance() {
		return this.submitter.getInstance();
	}

	/**
	 * Queue a call whose arguments are written already, within the subscriber's context
	 * (the send observation's parent). A subscriber that cancels (its client went away)
	 * stops waiting: the task still runs, and its result finds no caller.
	 * @param name the task's name
	 * @param json the arguments, a JSON array
	 * @param resultType the type the result is read as
	 * @return the result
	 */
	Mono<Object> queued(String name, String json, Type resultType) {
		return Mono
			.deferContextual((context) -> Mono.fromFuture(
					() -> CallerContext.within(context, () -> this.submitter.call(name, json, this.timeout)), false))
			.onErrorMap((ex) -> unavailable(name, ex))
			.handle((result, sink) -> {
				Object value = this.arguments.read(result, resultType);
				if (value != null) {
					sink.next(value);
				}
			});
	}

	/**
	 * Queue a job whose arguments are written already.
	 * @param name the task's name
	 * @param json the arguments, a JSON array
	 * @return the job's id
	 */
	Mono<String> queuedJob(String name, String json) {
		return Mono.deferContextual((context) -> Mono
			.fromFuture(() -> CallerContext.within(context, () -> this.submitter.enqueue(name, json)), true));
	}

	/**
	 * Translate why a queued task gave no result: no result within the timeout, or a task
	 * not run because its deadline passed while it waited, is an
	 * {@link OffloadUnavailableException} (503 with its reason, as on the local pool);
	 * anything else is as it is.
	 * @param name the task's name
	 * @param ex the failure
	 * @return the exception to signal
	 */
	private Throwable unavailable(String name, Throwable ex) {
		if (ex instanceof TimeoutException) {
			return new OffloadUnavailableException(OffloadUnavailableException.Reason.RUN_TIMEOUT,
					"Task '" + name + "' gave no result within " + this.timeout.toMillis() + " ms");
		}
		if (ex instanceof TaskFailedException failed && failed.getOutcome().equals("expired")) {
			return new OffloadUnavailableException(OffloadUnavailableException.Reason.QUEUE_TIMEOUT,
					"Task '" + name + "' was not run: " + failed.getMessage());
		}
		return ex;
	}

	/**
	 * The state of a job.
	 */
	public enum JobState {

		/**
		 * Waiting in the queue for an instance with an idle thread.
		 */
		QUEUED,

		/**
		 * Running on an instance (or on one that died, until another claims it).
		 */
		RUNNING,

		/**
		 * Failed, waiting for its backoff before the next attempt.
		 */
		RETRYING,

		/**
		 * Ran to completion.
		 */
		DONE,

		/**
		 * In the dead letter: failed on its last attempt, delivered too often, or
		 * rejected.
		 */
		DEAD,

		/**
		 * Not run: its deadline passed.
		 */
		EXPIRED,

		/**
		 * Never queued, or its state expired.
		 */
		UNKNOWN;

		static JobState of(@Nullable String value) {
			if (value == null) {
				return UNKNOWN;
			}
			try {
				return valueOf(value.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				return UNKNOWN;
			}
		}

	}

}
