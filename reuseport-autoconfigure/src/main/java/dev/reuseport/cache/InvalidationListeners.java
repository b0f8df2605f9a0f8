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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.util.Assert;

/**
 * The {@link CacheInvalidationListener listeners} of one cache. Thread-safe; listeners
 * are expected to be added at start-up and rarely.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class InvalidationListeners {

	private final List<CacheInvalidationListener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Add a listener.
	 * @param listener the listener
	 */
	public void add(CacheInvalidationListener listener) {
		Assert.notNull(listener, "'listener' must not be null");
		this.listeners.add(listener);
	}

	/**
	 * Return whether there is no listener, so that callers on a request path can skip
	 * describing an invalidation nobody is told of.
	 * @return whether there is no listener
	 */
	public boolean isEmpty() {
		return this.listeners.isEmpty();
	}

	/**
	 * Tell every listener of an invalidation.
	 * @param invalidation the invalidation
	 */
	public void invalidated(CacheInvalidation invalidation) {
		for (CacheInvalidationListener listener : this.listeners) {
			listener.invalidated(invalidation);
		}
	}

}
