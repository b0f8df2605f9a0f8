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

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A response kept by the {@link HttpResponseCache}.
 *
 * @param status the status code
 * @param headers the header fields to send
 * @param body the body
 * @param freshness when it was received and how long it stays fresh or usable stale
 * @param etag its entity tag, if any
 * @param lastModified its last modification in epoch milliseconds, negative if unknown
 * @param vary the normalized request values of the header fields it varies on
 * @param tags its tags
 * @param anonymous whether it was stored for a request without {@code Authorization} and
 * {@code Cookie}, so that it may be served before the application (early hits)
 * @author reuseport team
 * @since 0.1.0
 */
record StoredResponse(int status, StoredHeaders headers, byte[] body, Freshness freshness, @Nullable String etag,
		long lastModified, Map<String, String> vary, Set<String> tags, boolean anonymous) {

	/**
	 * Estimated bytes of the objects around the body and header fields: this record, the
	 * key, the variants and the store's node.
	 */
	private static final int OVERHEAD = 512;

	StoredResponse withBody(byte[] body) {
		return new StoredResponse(this.status, this.headers, body, this.freshness, this.etag, this.lastModified,
				this.vary, this.tags, this.anonymous);
	}

	boolean hasValidators() {
		return this.etag != null || this.lastModified >= 0;
	}

	long age(long now) {
		return this.freshness.initialAge() + Math.max(0, now - this.freshness.responseTime());
	}

	/**
	 * Return how long it stays fresh, negative once it is stale.
	 * @param now the current time in epoch milliseconds
	 * @return the remaining freshness in milliseconds
	 */
	long ttl(long now) {
		return this.freshness.lifetime() - age(now);
	}

	long staleness(long now) {
		return Math.max(0, -ttl(now));
	}

	boolean noCache() {
		return this.freshness.noCache();
	}

	boolean canServeWhileRevalidating(long now) {
		return !this.freshness.mustRevalidate() && staleness(now) < this.freshness.staleWhileRevalidate();
	}

	boolean canServeOnError(long now, long requestStaleIfError) {
		long window = this.freshness.sharedMaxAge() ? this.freshness.staleIfError()
				: Math.max(this.freshness.staleIfError(), requestStaleIfError);
		return !this.freshness.mustRevalidate() && staleness(now) < window;
	}

	boolean canServeStale(long now, long maxStale) {
		return !this.freshness.mustRevalidate() && !this.freshness.sharedMaxAge() && staleness(now) <= maxStale;
	}

	/**
	 * Return when the store may drop it: after its freshness and the longest of its stale
	 * windows and the time stale responses are kept.
	 * @return the time in epoch milliseconds
	 */
	long deleteAt() {
		Freshness freshness = this.freshness;
		long remaining = Math.max(0, freshness.lifetime() - freshness.initialAge());
		return freshness.responseTime() + remaining
				+ Math.max(freshness.keepStale(), Math.max(freshness.staleWhileRevalidate(), freshness.staleIfError()));
	}

	long size() {
		long size = OVERHEAD + this.body.length + this.headers.size();
		for (String tag : this.tags) {
			size += 48 + tag.length();
		}
		for (Map.Entry<String, String> vary : this.vary.entrySet()) {
			size += 48 + vary.getKey().length() + vary.getValue().length();
		}
		return size;
	}

	/**
	 * How long a stored response is fresh and may be used stale.
	 *
	 * @param responseTime when it was received or last validated, in epoch milliseconds
	 * @param initialAge its {@code Age} when received, in milliseconds
	 * @param lifetime its freshness lifetime in milliseconds
	 * @param staleWhileRevalidate how long after going stale it may be served while it is
	 * revalidated, in milliseconds
	 * @param staleIfError how long after going stale it may be served when the handler
	 * fails, in milliseconds
	 * @param keepStale how long it stays stored once stale, beyond its own stale windows,
	 * in milliseconds
	 * @param mustRevalidate whether it must never be served stale
	 * ({@code must-revalidate}, {@code proxy-revalidate})
	 * @param sharedMaxAge whether it has {@code s-maxage}: it is then served stale only
	 * within the windows it grants itself, never for a client's {@code max-stale} or
	 * {@code stale-if-error}
	 * @param noCache whether every use must be validated first ({@code no-cache})
	 */
	record Freshness(long responseTime, long initialAge, long lifetime, long staleWhileRevalidate, long staleIfError,
			long keepStale, boolean mustRevalidate, boolean sharedMaxAge, boolean noCache) {

	}

}
