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

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.reuseport.cache.ScopedKey;
import dev.reuseport.cache.SharedCache;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} that keeps its entries in a
 * {@link SharedCache}, under {@link ScopedKey keys scoped} by the cache name. It supports
 * the {@code CompletableFuture}-based retrieval that reactive {@code @Cacheable} methods
 * need, and stores {@code null} values.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class SharedSpringCache extends AbstractValueAdaptingCache {

	private final String name;

	private final SharedCache sharedCache;

	/**
	 * Create a new instance.
	 * @param name the cache name
	 * @param sharedCache the store
	 */
	public SharedSpringCache(String name, SharedCache sharedCache) {
		super(true);
		this.name = name;
		this.sharedCache = sharedCache;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Object getNativeCache() {
		return this.sharedCache;
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		CompletableFuture<Object> future = this.sharedCache.getFutureIfPresent(key(key));
		if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
			return null;
		}
		return future.join();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		CompletableFuture<Object> future = this.sharedCache.getFuture(key(key), null, () -> {
			try {
				return CompletableFuture.completedFuture(toStoreValue(valueLoader.call()));
			}
			catch (Exception ex) {
				return CompletableFuture.failedFuture(new ValueRetrievalException(key, valueLoader, ex));
			}
		});
		try {
			return (T) fromStoreValue(future.join());
		}
		catch (java.util.concurrent.CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		CompletableFuture<Object> future = this.sharedCache.getFutureIfPresent(key(key));
		return (future != null) ? future.thenApply(this::toValueWrapper) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return this.sharedCache.getFuture(key(key), null, () -> valueLoader.get().thenApply(this::toStoreValue))
			.thenApply((value) -> (T) fromStoreValue(value));
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		this.sharedCache.put(key(key), toStoreValue(value));
	}

	@Override
	public void evict(Object key) {
		this.sharedCache.invalidate(key(key));
	}

	@Override
	public void clear() {
		this.sharedCache.invalidateScope(this.name);
	}

	private ScopedKey key(Object key) {
		return new ScopedKey(this.name, key);
	}

}
