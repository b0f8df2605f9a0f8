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

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A response kept by the {@link HttpResponseCache}, with the freshness information
 * computed when it was stored or last validated.
 *
 * @param status the status code
 * @param headers the header fields to send, read-only
 * @param body the body
 * @param responseTime when it was received or last validated, in epoch milliseconds
 * @param initialAge its {@code Age} when received, in milliseconds
 * @param freshness its freshness lifetime in milliseconds
 * @param staleWhileRevalidate how long after going stale it may be served while it is
 * revalidated, in milliseconds
 * @param staleIfError how long after going stale it may be served when the handler fails,
 * in milliseconds
 * @param mustRevalidate whether it must never be served stale ({@code must-revalidate},
 * {@code proxy-revalidate})
 * @param sharedMaxAge whether it has {@code s-maxage}: it is then served stale only
 * within the windows it grants itself ({@code stale-while-revalidate},
 * {@code stale-if-error}), never for a client's {@code max-stale} or
 * {@code stale-if-error}
 * @param noCache whether every use must be validated first ({@code no-cache})
 * @param keepStale how long it stays stored once stale, beyond its own stale windows, in
 * milliseconds
 * @param vary the normalized request values of the header fields it varies on
 * @param tags its tags
 * @author reuseport team
 * @since 0.1.0
 */
record StoredResponse(int status, HttpHeaders headers, byte[] body, long responseTime, long initialAge, long freshness,
		long staleWhileRevalidate, long staleIfError, boolean mustRevalidate, boolean sharedMaxAge, boolean noCache,
		long keepStale, Map<String, String> vary, Set<String> tags) {

	private static final int OVERHEAD = 256;

	long age(long now) {
		return this.initialAge + Math.max(0, now - this.responseTime);
	}

	/**
	 * Return how long it stays fresh, negative once it is stale.
	 * @param now the current time in epoch milliseconds
	 * @return the remaining freshness in milliseconds
	 */
	long ttl(long now) {
		return this.freshness - age(now);
	}

	long staleness(long now) {
		return Math.max(0, -ttl(now));
	}

	boolean canServeWhileRevalidating(long now) {
		return !this.mustRevalidate && staleness(now) < this.staleWhileRevalidate;
	}

	boolean canServeOnError(long now, long requestStaleIfError) {
		long window = this.sharedMaxAge ? this.staleIfError : Math.max(this.staleIfError, requestStaleIfError);
		return !this.mustRevalidate && staleness(now) < window;
	}

	boolean canServeStale(long now, long maxStale) {
		return !this.mustRevalidate && !this.sharedMaxAge && staleness(now) <= maxStale;
	}

	/**
	 * Return when the store may drop it: after its freshness and the longest of its stale
	 * windows and the time stale responses are kept.
	 * @return the time in epoch milliseconds
	 */
	long deleteAt() {
		long remaining = Math.max(0, this.freshness - this.initialAge);
		return this.responseTime + remaining
				+ Math.max(this.keepStale, Math.max(this.staleWhileRevalidate, this.staleIfError));
	}

	@Nullable String etag() {
		return this.headers.getETag();
	}

	long lastModified() {
		try {
			return this.headers.getLastModified();
		}
		catch (IllegalArgumentException ex) {
			return -1;
		}
	}

	boolean hasValidators() {
		return etag() != null || lastModified() >= 0;
	}

	long size() {
		long size = OVERHEAD + this.body.length;
		for (Map.Entry<String, List<String>> header : this.headers.headerSet()) {
			size += 32 + header.getKey().length();
			for (String value : header.getValue()) {
				size += value.length();
			}
		}
		for (String tag : this.tags) {
			size += 32 + tag.length();
		}
		return size;
	}

}
