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

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * A cache shared by every worker of the application, on one Caffeine {@link AsyncCache}.
 * It is bounded by the estimated bytes of its entries ({@link SharedCacheWeigher}); an
 * entry bigger than the maximum entry size is handed to its callers but not kept. Each
 * entry may have its own time-to-live.
 * <p>
 * {@link #get(Object, Supplier)} loads a missing value once however many callers ask for
 * it at the same time: they all share one load. A load that fails or completes empty is
 * not kept, and a caller that cancels does not cancel the load for the others.
 * <p>
 * Invalidations ({@link #invalidate(Object)}, {@link #invalidateScope(String)},
 * {@link #invalidateAll()}) and replaced values ({@link #put(Object, Object)}) are
 * reported to the {@link #addInvalidationListener(CacheInvalidationListener) listeners},
 * so that other instances of the application can make them too;
 * {@link #apply(CacheInvalidation)} makes theirs here without reporting them again.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class SharedCache {

	/**
	 * The name of the auto-configured shared cache, as its meters are tagged.
	 */
	public static final String DEFAULT_NAME = "reuseport.shared";

	private final String name;

	private final AsyncCache<Object, Entry> store;

	private final SharedCacheWeigher weigher;

	private final long maxSize;

	private final long maxEntrySize;

	private final @Nullable Duration timeToLive;

	private final InvalidationListeners listeners = new InvalidationListeners();

	/**
	 * Create a new instance.
	 * @param name the name of the cache, used by its metrics
	 * @param maxSize the maximum estimated size of all entries
	 * @param maxEntrySize the maximum estimated size of one entry
	 * @param timeToLive the time-to-live of entries that have none of their own, or
	 * {@code null} to keep them until evicted by size
	 * @param weigher estimates the size of entries
	 */
	public SharedCache(String name, DataSize maxSize, DataSize maxEntrySize, @Nullable Duration timeToLive,
			SharedCacheWeigher weigher) {
		Assert.isTrue(maxSize.toBytes() > 0, "'maxSize' must be positive");
		Assert.isTrue(maxEntrySize.toBytes() > 0, "'maxEntrySize' must be positive");
		Assert.isTrue(timeToLive == null || (!timeToLive.isNegative() && !timeToLive.isZero()),
				"'timeToLive' must be positive");
		this.name = name;
		this.weigher = weigher;
		this.maxSize = maxSize.toBytes();
		this.maxEntrySize = maxEntrySize.toBytes();
		this.timeToLive = timeToLive;
		this.store = Caffeine.newBuilder()
			.maximumWeight(this.maxSize)
			.weigher((Object key, Entry entry) -> (int) Math.min(Integer.MAX_VALUE, entry.size()))
			.expireAfter(new EntryExpiry())
			.executor(Runnable::run)
			.scheduler(Scheduler.systemScheduler())
			.recordStats()
			.buildAsync();
	}

	/**
	 * Return the value for a key, loading it with the loader if it is absent, with the
	 * default time-to-live.
	 * @param <V> the value type
	 * @param key the key
	 * @param loader supplies the value; called at most once for concurrent callers
	 * @return the value, or empty if the loader completed empty
	 */
	public <V> Mono<V> get(Object key, Supplier<? extends Mono<? extends V>> loader) {
		return get(key, this.timeToLive, loader);
	}

	/**
	 * Return the value for a key, loading it with the loader if it is absent.
	 * @param <V> the value type
	 * @param key the key
	 * @param timeToLive how long a loaded value is kept, or {@code null} until evicted
	 * @param loader supplies the value; called at most once for concurrent callers
	 * @return the value, or empty if the loader completed empty
	 */
	@SuppressWarnings("unchecked")
	public <V> Mono<V> get(Object key, @Nullable Duration timeToLive, Supplier<? extends Mono<? extends V>> loader) {
		CompletableFuture<Entry> future = getEntry(key, timeToLive,
				() -> Mono.defer(loader).toFuture().thenApply((value) -> value));
		return Mono.fromFuture(future, true).map((entry) -> (V) entry.value());
	}

	/**
	 * Return the value for a key if it is present or being loaded.
	 * @param <V> the value type
	 * @param key the key
	 * @return the value, or empty
	 */
	@SuppressWarnings("unchecked")
	public <V> Mono<V> getIfPresent(Object key) {
		CompletableFuture<Entry> future = this.store.getIfPresent(key);
		return (future != null) ? Mono.fromFuture(future, true).map((entry) -> (V) entry.value()) : Mono.empty();
	}

	/**
	 * Store a value with the default time-to-live.
	 * @param key the key
	 * @param value the value
	 */
	public void put(Object key, Object value) {
		put(key, value, this.timeToLive);
	}

	/**
	 * Store a value, replacing any other, and report the key to the listeners as
	 * invalidated: other instances drop the value they hold. A value bigger than the
	 * maximum entry size is not stored, and the key is then invalidated.
	 * @param key the key
	 * @param value the value
	 * @param timeToLive how long the value is kept, or {@code null} until evicted
	 */
	public void put(Object key, Object value, @Nullable Duration timeToLive) {
		Entry entry = entry(key, value, timeToLive);
		if (entry.size() > this.maxEntrySize) {
			this.store.synchronous().invalidate(key);
		}
		else {
			this.store.put(key, CompletableFuture.completedFuture(entry));
		}
		if (!this.listeners.isEmpty()) {
			this.listeners.invalidated(new CacheInvalidation.SharedKey(key));
		}
	}

	/**
	 * Remove one entry.
	 * @param key the key
	 */
	public void invalidate(Object key) {
		this.store.synchronous().invalidate(key);
		this.listeners.invalidated(new CacheInvalidation.SharedKey(key));
	}

	/**
	 * Remove the entries whose key is a {@link ScopedKey} of a scope.
	 * @param scope the scope
	 */
	public void invalidateScope(String scope) {
		removeScope(scope);
		this.listeners.invalidated(new CacheInvalidation.SharedScope(scope));
	}

	/**
	 * Remove the entries whose key matches, in this instance only: a predicate is not
	 * reported to the listeners.
	 * @param keys matches the keys to remove
	 */
	public void invalidateIf(Predicate<Object> keys) {
		this.store.asMap().keySet().removeIf(keys);
	}

	/**
	 * Remove every entry.
	 */
	public void invalidateAll() {
		this.store.synchronous().invalidateAll();
		this.listeners.invalidated(new CacheInvalidation.SharedAll());
	}

	/**
	 * Make an invalidation that another instance reported, without reporting it again.
	 * Invalidations of other caches are ignored.
	 * @param invalidation the invalidation
	 * @return whether it was an invalidation of this cache
	 */
	public boolean apply(CacheInvalidation invalidation) {
		if (invalidation instanceof CacheInvalidation.SharedKey sharedKey) {
			this.store.synchronous().invalidate(sharedKey.key());
			return true;
		}
		if (invalidation instanceof CacheInvalidation.SharedScope sharedScope) {
			removeScope(sharedScope.scope());
			return true;
		}
		if (invalidation instanceof CacheInvalidation.SharedAll) {
			this.store.synchronous().invalidateAll();
			return true;
		}
		return false;
	}

	/**
	 * Add a listener told of every invalidation made through this cache.
	 * @param listener the listener
	 */
	public void addInvalidationListener(CacheInvalidationListener listener) {
		this.listeners.add(listener);
	}

	private void removeScope(String scope) {
		this.store.asMap().keySet().removeIf((key) -> key instanceof ScopedKey scoped && scope.equals(scoped.scope()));
	}

	/**
	 * Return the future of the entry's value for a key, or {@code null}.
	 * @param key the key
	 * @return the future value
	 */
	public @Nullable CompletableFuture<Object> getFutureIfPresent(Object key) {
		CompletableFuture<Entry> future = this.store.getIfPresent(key);
		return (future != null) ? future.thenApply(Entry::value) : null;
	}

	/**
	 * Return the future of the value for a key, loading it if it is absent.
	 * @param key the key
	 * @param timeToLive how long a loaded value is kept, or {@code null} until evicted
	 * @param loader starts the load; called at most once for concurrent callers
	 * @return the future value
	 */
	public CompletableFuture<Object> getFuture(Object key, @Nullable Duration timeToLive,
			Supplier<? extends CompletableFuture<?>> loader) {
		return getEntry(key, timeToLive, loader).thenApply(Entry::value);
	}

	private CompletableFuture<Entry> getEntry(Object key, @Nullable Duration timeToLive,
			Supplier<? extends CompletableFuture<?>> loader) {
		CompletableFuture<Entry> created = new CompletableFuture<>();
		CompletableFuture<Entry> future = this.store.get(key, (k, executor) -> created);
		if (future == created) {
			load(key, timeToLive, loader, created);
		}
		return future;
	}

	private void load(Object key, @Nullable Duration timeToLive, Supplier<? extends CompletableFuture<?>> loader,
			CompletableFuture<Entry> target) {
		CompletableFuture<?> loaded;
		try {
			loaded = loader.get();
		}
		catch (RuntimeException ex) {
			loaded = CompletableFuture.failedFuture(ex);
		}
		loaded.whenComplete((value, failure) -> {
			if (failure != null) {
				target.completeExceptionally(failure);
				return;
			}
			Entry entry = (value != null) ? entry(key, value, timeToLive) : null;
			target.complete(entry);
			if (entry != null && entry.size() > this.maxEntrySize) {
				this.store.asMap().remove(key, target);
			}
		});
	}

	private Entry entry(Object key, Object value, @Nullable Duration timeToLive) {
		long nanos = (timeToLive != null) ? timeToLive.toNanos() : Long.MAX_VALUE;
		return new Entry(value, Math.max(1, this.weigher.weigh(key, value)), nanos);
	}

	/**
	 * Return the name of this cache.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the approximate number of entries.
	 * @return the number of entries
	 */
	public long getEntries() {
		return this.store.synchronous().estimatedSize();
	}

	/**
	 * Return the estimated size of all entries in bytes.
	 * @return the size in bytes
	 */
	public long getSize() {
		return this.store.synchronous().policy().eviction().orElseThrow().weightedSize().orElse(0);
	}

	/**
	 * Return the maximum size of all entries in bytes.
	 * @return the maximum size
	 */
	public long getMaxSize() {
		return this.maxSize;
	}

	/**
	 * Return the maximum size of one entry in bytes.
	 * @return the maximum entry size
	 */
	public long getMaxEntrySize() {
		return this.maxEntrySize;
	}

	/**
	 * Return the statistics of the store.
	 * @return the statistics
	 */
	public CacheStats getStats() {
		return this.store.synchronous().stats();
	}

	/**
	 * Return the Caffeine store, for metrics.
	 * @return the store
	 */
	public AsyncCache<Object, ?> getNativeCache() {
		return this.store;
	}

	private record Entry(Object value, long size, long timeToLiveNanos) {

	}

	private static final class EntryExpiry implements Expiry<Object, Entry> {

		@Override
		public long expireAfterCreate(Object key, Entry entry, long currentTime) {
			return entry.timeToLiveNanos();
		}

		@Override
		public long expireAfterUpdate(Object key, Entry entry, long currentTime, long currentDuration) {
			return entry.timeToLiveNanos();
		}

		@Override
		public long expireAfterRead(Object key, Entry entry, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
