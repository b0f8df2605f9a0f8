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

package dev.reuseport.offload;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Applies the {@link OffloadScheduler}'s deadlines to {@link Offload @Offload} controller
 * methods: a method whose invocation waited past the queue timeout is not called, and one
 * that ran past the timeout (its thread was interrupted) ends with
 * {@link OffloadUnavailableException} instead of its late result.
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class OffloadMethodInterceptor implements MethodInterceptor {

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		OffloadTask<?> task = OffloadTask.current();
		if (task == null || task.mode() != OffloadTask.Mode.MARK) {
			return invocation.proceed();
		}
		if (task.isExpired()) {
			throw unavailable(task, OffloadUnavailableException.Reason.QUEUE_TIMEOUT);
		}
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			if (task.isTimedOut()) {
				throw unavailable(task, OffloadUnavailableException.Reason.RUN_TIMEOUT);
			}
			throw ex;
		}
		if (task.isTimedOut()) {
			throw unavailable(task, OffloadUnavailableException.Reason.RUN_TIMEOUT);
		}
		return result;
	}

	private static OffloadUnavailableException unavailable(OffloadTask<?> task,
			OffloadUnavailableException.Reason reason) {
		return task.executor().unavailable(reason);
	}

}
