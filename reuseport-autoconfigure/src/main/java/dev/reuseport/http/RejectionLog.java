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

package dev.reuseport.http;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs rejected requests: one short WARN line at most once a second, with how many were
 * rejected since the last line, never the request's header fields.
 *
 * @author reuseport team
 */
final class RejectionLog {

	private static final Log logger = LogFactory.getLog(StrictHttpServerCustomizer.class);

	private static final long INTERVAL_NANOS = 1_000_000_000L;

	private final AtomicLong next = new AtomicLong(System.nanoTime());

	private final AtomicLong suppressed = new AtomicLong();

	/**
	 * Log a rejected request, unless a line was logged less than a second ago.
	 * @param outcome what the client got, such as {@code with 400}
	 * @param reason why
	 * @param remoteAddress the client
	 */
	void rejected(String outcome, String reason, Object remoteAddress) {
		long now = System.nanoTime();
		long due = this.next.get();
		if (now - due < 0 || !this.next.compareAndSet(due, now + INTERVAL_NANOS)) {
			this.suppressed.incrementAndGet();
			return;
		}
		if (logger.isWarnEnabled()) {
			long others = this.suppressed.getAndSet(0);
			logger.warn("Rejected an HTTP request from " + remoteAddress + " " + outcome + ": " + reason
					+ ((others > 0) ? " (and " + others + " more since the last such line)" : ""));
		}
	}

}
