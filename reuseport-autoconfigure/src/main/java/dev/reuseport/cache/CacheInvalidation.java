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

package dev.reuseport.cache;

/**
 * An invalidation made in one of the application's caches: what was removed, described so
 * that another instance of the application can remove the same. Reported to
 * {@link CacheInvalidationListener listeners} by the cache that made it, and replayed
 * with {@link SharedCache#apply(CacheInvalidation)} or
 * {@code HttpResponseCache#apply(CacheInvalidation)}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public sealed interface CacheInvalidation {

	/**
	 * Responses of the HTTP response cache stored under a key: {@code host/path?query}
	 * for one host, {@code /path?query} for every host.
	 *
	 * @param key the key
	 */
	record HttpKey(String key) implements CacheInvalidation {

	}

	/**
	 * Responses of the HTTP response cache that carried a tag.
	 *
	 * @param tag the tag
	 */
	record HttpTag(String tag) implements CacheInvalidation {

	}

	/**
	 * Every response of the HTTP response cache.
	 */
	record HttpAll() implements CacheInvalidation {

	}

	/**
	 * One entry of the shared cache.
	 *
	 * @param key the key
	 */
	record SharedKey(Object key) implements CacheInvalidation {

	}

	/**
	 * The entries of the shared cache whose key is a {@link ScopedKey} of one scope.
	 *
	 * @param scope the scope
	 */
	record SharedScope(String scope) implements CacheInvalidation {

	}

	/**
	 * Every entry of the shared cache.
	 */
	record SharedAll() implements CacheInvalidation {

	}

}
