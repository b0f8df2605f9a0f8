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
 * Told of each invalidation that the application makes in a cache: an eviction, a purge,
 * an unsafe request's invalidation or a replaced value. Not told of expiry, of eviction
 * for size, nor of invalidations replayed with {@code apply}.
 * <p>
 * Called on the thread that invalidated, often an event loop: implementations must not
 * block.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@FunctionalInterface
public interface CacheInvalidationListener {

	/**
	 * Called after an invalidation was made.
	 * @param invalidation what was invalidated
	 */
	void invalidated(CacheInvalidation invalidation);

}
