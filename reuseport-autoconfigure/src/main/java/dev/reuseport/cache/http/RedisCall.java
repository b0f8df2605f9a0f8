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

package dev.reuseport.cache.http;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * A call to Redis made for a request, answered on the request's event loop with a
 * deadline kept by that loop: the reply costs one hand-off between threads (from
 * Lettuce's thread to the loop) and the deadline none (the loop's own timer, set and
 * cancelled on the loop), where {@code timeout} and {@code publishOn} would cost a timer
 * thread's wake-ups and a hop through another scheduler on every call.
 *
 * @author reuseport team
 */
final class RedisCall {

	private RedisCall() {
	}

	/**
	 * Make a call and deliver its result on a loop.
	 * @param <T> the type of the result
	 * @param loop the loop to deliver on, or {@code null} for Reactor's parallel
	 * scheduler
	 * @param timeout the deadline; past it the result is a {@link TimeoutException}
	 * @param command makes the call, when the result is subscribed to
	 * @return the result
	 */
	static <T> Mono<T> on(@Nullable ScheduledExecutorService loop, Duration timeout,
			Supplier<? extends CompletionStage<T>> command) {
		if (loop == null) {
			return Mono.defer(() -> Mono.fromCompletionStage(command.get()))
				.timeout(timeout)
				.publishOn(Schedulers.parallel());
		}
		return Mono.create((sink) -> {
			// one outcome only: a reply after the deadline, or a deadline after the
			// reply,
			// is dropped here rather than reported to Reactor's dropped-signal hooks
			AtomicBoolean done = new AtomicBoolean();
			ScheduledFuture<?> deadline;
			try {
				deadline = loop.schedule(() -> {
					if (done.compareAndSet(false, true)) {
						sink.error(new TimeoutException("No answer from Redis within " + timeout.toMillis() + " ms"));
					}
				}, timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				sink.error(ex);
				return;
			}
			sink.onCancel(() -> {
				done.set(true);
				deadline.cancel(false);
			});
			CompletionStage<T> call;
			try {
				call = command.get();
			}
			catch (RuntimeException ex) {
				deadline.cancel(false);
				if (done.compareAndSet(false, true)) {
					sink.error(ex);
				}
				return;
			}
			call.whenComplete((value, failure) -> {
				Runnable answer = () -> {
					deadline.cancel(false);
					if (done.compareAndSet(false, true)) {
						complete(sink, value, failure);
					}
				};
				try {
					loop.execute(answer);
				}
				catch (RejectedExecutionException ex) {
					// the loop is shutting down: answer where the reply came
					answer.run();
				}
			});
		});
	}

	private static <T> void complete(MonoSink<T> sink, @Nullable T value, @Nullable Throwable failure) {
		if (failure != null) {
			sink.error((failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
					: failure);
		}
		else if (value != null) {
			sink.success(value);
		}
		else {
			sink.success();
		}
	}

}
