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

package dev.reuseport.cache.spring;

import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.reuseport.cache.SharedCache;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A {@link CacheManager} whose caches all live in one {@link SharedCache}, so that every
 * named cache draws on the same byte budget. Caches are created on first use. Reactive
 * {@code @Cacheable} methods use the asynchronous retrieval of {@link SharedSpringCache}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class SharedCacheManager implements CacheManager {

	private final SharedCache sharedCache;

	private final ConcurrentMap<String, SharedSpringCache> caches = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param sharedCache the store of every cache
	 */
	public SharedCacheManager(SharedCache sharedCache) {
		this.sharedCache = sharedCache;
	}

	@Override
	public Cache getCache(String name) {
		return this.caches.computeIfAbsent(name, (cacheName) -> new SharedSpringCache(cacheName, this.sharedCache));
	}

	@Override
	public Collection<String> getCacheNames() {
		return Collections.unmodifiableSet(this.caches.keySet());
	}

}
