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

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * One request the cache forwards to the handler, and what to do with its response.
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class Forward {

	/**
	 * Separates tags in a tags header field: commas and white space.
	 */
	static final Pattern TAG_SEPARATOR = Pattern.compile("[,\\s]+");

	final HttpCacheKey key;

	final ServerHttpRequest request;

	final @Nullable StoredResponse stored;

	final String reason;

	final boolean store;

	final boolean background;

	final long requestStaleIfError;

	/**
	 * The local store's {@link HttpResponseCache#invalidationSequence()} when this
	 * forward started: what it stores must not have been invalidated since.
	 */
	final long invalidationsAtStart;

	private final Runnable release;

	private volatile @Nullable RedisResponseTier tier;

	private volatile long fillStart = -1;

	private final AtomicBoolean released = new AtomicBoolean();

	private final AtomicReference<@Nullable String> lockToken = new AtomicReference<>();

	/**
	 * Create a new instance.
	 * @param key the primary key
	 * @param request the client's request, with its own conditional header fields
	 * @param stored the stored response being validated, if any
	 * @param reason the {@code fwd} parameter of {@code Cache-Status}
	 * @param store whether a storable response may be stored
	 * @param background whether nobody waits for the response (a background revalidation)
	 * @param requestStaleIfError the request's {@code stale-if-error} in milliseconds
	 * @param invalidationsAtStart the local store's invalidation sequence when the
	 * request was looked up
	 * @param release lets requests waiting for this one go on; called once
	 */
	Forward(HttpCacheKey key, ServerHttpRequest request, @Nullable StoredResponse stored, String reason, boolean store,
			boolean background, long requestStaleIfError, long invalidationsAtStart, Runnable release) {
		this.key = key;
		this.request = request;
		this.stored = stored;
		this.reason = reason;
		this.store = store;
		this.background = background;
		this.requestStaleIfError = requestStaleIfError;
		this.invalidationsAtStart = invalidationsAtStart;
		this.release = release;
	}

	/**
	 * Share what this forward stores through a Redis tier.
	 * @param tier the tier, or {@code null}
	 * @param fillStart the Redis time the fill started at, negative when unknown
	 * @return this forward
	 */
	Forward sharedThrough(@Nullable RedisResponseTier tier, long fillStart) {
		return sharedThrough(tier, fillStart, null);
	}

	/**
	 * Share what this forward stores through a Redis tier, as the holder of the key's
	 * fill lock: the lock is released with the write of the response to Redis, or when
	 * this forward is released without one.
	 * @param tier the tier, or {@code null}
	 * @param fillStart the Redis time the fill started at, negative when unknown
	 * @param lockToken the token of the fill lock, or {@code null}
	 * @return this forward
	 */
	Forward sharedThrough(@Nullable RedisResponseTier tier, long fillStart, @Nullable String lockToken) {
		this.tier = tier;
		this.fillStart = fillStart;
		this.lockToken.set(lockToken);
		return this;
	}

	/**
	 * Write a response stored locally to the Redis tier, if any, in the background.
	 * @param response the stored response
	 */
	void share(StoredResponse response) {
		RedisResponseTier tier = this.tier;
		if (tier != null) {
			String token = this.lockToken.getAndSet(null);
			if (!tier.fill(this.key, response, this.fillStart, token) && token != null) {
				this.lockToken.set(token);
			}
		}
	}

	void release() {
		if (this.released.compareAndSet(false, true)) {
			this.release.run();
			RedisResponseTier tier = this.tier;
			String token = this.lockToken.getAndSet(null);
			if (tier != null && token != null) {
				tier.unlock(this.key, token);
			}
		}
	}

	static Set<String> removeTags(HttpHeaders headers, String tagsHeader) {
		Set<String> tags = new LinkedHashSet<>();
		for (String value : headers.getOrEmpty(tagsHeader)) {
			for (String tag : TAG_SEPARATOR.split(value)) {
				if (!tag.isEmpty()) {
					tags.add(tag);
				}
			}
		}
		headers.remove(tagsHeader);
		return tags;
	}

}
