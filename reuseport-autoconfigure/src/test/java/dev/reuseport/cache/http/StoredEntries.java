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

import java.util.function.Predicate;

/**
 * Looks at what an {@link HttpResponseCache} stores, without sending a request (a request
 * to a stale entry would revalidate it).
 *
 * @author reuseport team
 */
final class StoredEntries {

	private StoredEntries() {
	}

	/**
	 * Return whether a response stored for a path and query meets a condition.
	 * @param cache the store
	 * @param path the path and query, such as {@code /echo?cc=max-age=1}
	 * @param condition the condition
	 * @return whether a stored response meets it
	 */
	static boolean any(HttpResponseCache cache, String path, Predicate<StoredResponse> condition) {
		return cache.getNativeCache()
			.asMap()
			.entrySet()
			.stream()
			.filter((entry) -> ((HttpCacheKey) entry.getKey()).path().equals(path))
			.flatMap((entry) -> ((HttpResponseCache.Variants) entry.getValue()).responses().stream())
			.anyMatch(condition);
	}

	/**
	 * Return whether a stored response is stale on the cache's own clock.
	 * @param cache the store
	 * @param path the path and query
	 * @return whether a stored response is stale
	 */
	static boolean anyStale(HttpResponseCache cache, String path) {
		return any(cache, path, (response) -> response.ttl(cache.now()) <= 0);
	}

	/**
	 * Return whether a stored response is fresh on the cache's own clock.
	 * @param cache the store
	 * @param path the path and query
	 * @return whether a stored response is fresh
	 */
	static boolean anyFresh(HttpResponseCache cache, String path) {
		return any(cache, path, (response) -> response.ttl(cache.now()) > 0);
	}

}
