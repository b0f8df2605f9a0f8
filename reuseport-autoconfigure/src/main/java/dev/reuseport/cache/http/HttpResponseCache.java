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

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import dev.reuseport.cache.CacheInvalidation;
import dev.reuseport.cache.CacheInvalidationListener;
import dev.reuseport.cache.InvalidationListeners;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * The store of the HTTP response cache, shared by every worker: responses by
 * {@link HttpCacheKey}, each with its variants ({@code Vary}), in one Caffeine cache
 * bounded by bytes, with an index of their tags. Purge entries with
 * {@link #invalidate(String)}, {@link #invalidateTag(String)} and
 * {@link #invalidateAll()}; each purge and each invalidation of an unsafe request is
 * reported to the {@link #addInvalidationListener(CacheInvalidationListener) listeners},
 * so that other instances can make it too ({@link #apply(CacheInvalidation)}).
 * <p>
 * The store's maintenance (eviction, expiry, the tag index) runs on the thread that
 * writes, in small amortized batches: handing it to another thread after every write
 * costs a thread wake-up per cache miss.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class HttpResponseCache {

	private static final int MAX_VARIANTS = 16;

	/**
	 * How long an invalidation is remembered for fills that started before it; a fill
	 * that started before a forgotten one is not stored.
	 */
	private static final Duration INVALIDATION_MEMORY = Duration.ofMinutes(10);

	/**
	 * The schemes of stored responses: a key written without one stands for both.
	 */
	private static final List<String> SCHEMES = List.of("http", "https");

	private final String name;

	private final long maxSize;

	private final long maxEntrySize;

	private final Cache<HttpCacheKey, Variants> store;

	private final Map<String, Set<HttpCacheKey>> tags = new ConcurrentHashMap<>();

	private final Map<HttpCacheOutcome, LongAdder> outcomes = new EnumMap<>(HttpCacheOutcome.class);

	private final InvalidationListeners listeners = new InvalidationListeners();

	private final LongAdder earlyHits = new LongAdder();

	private final LongAdder racedFills = new LongAdder();

	/**
	 * Counts the invalidations made here, local or from other instances; a fill notes it
	 * when it starts.
	 */
	private final AtomicLong invalidations = new AtomicLong();

	private volatile long everythingInvalidatedAt;

	private final AtomicLong forgottenUpTo = new AtomicLong();

	private final Cache<String, Long> tagInvalidatedAt = invalidationMarks();

	private final Cache<String, Long> pathInvalidatedAt = invalidationMarks();

	private final Clock clock;

	/**
	 * Create a new instance on the system clock.
	 * @param name the name of the cache in {@code Cache-Status} and metrics
	 * @param maxSize the maximum size of all stored responses
	 * @param maxEntrySize the maximum size of one stored response
	 */
	public HttpResponseCache(String name, DataSize maxSize, DataSize maxEntrySize) {
		this(name, maxSize, maxEntrySize, Clock.systemUTC());
	}

	/**
	 * Create a new instance.
	 * @param name the name of the cache in {@code Cache-Status} and metrics
	 * @param maxSize the maximum size of all stored responses
	 * @param maxEntrySize the maximum size of one stored response
	 * @param clock the clock that ages, expires and dates stored responses
	 */
	public HttpResponseCache(String name, DataSize maxSize, DataSize maxEntrySize, Clock clock) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
		Assert.isTrue(maxSize.toBytes() > 0, "'maxSize' must be positive");
		Assert.isTrue(maxEntrySize.toBytes() > 0, "'maxEntrySize' must be positive");
		this.name = name;
		this.maxSize = maxSize.toBytes();
		this.maxEntrySize = maxEntrySize.toBytes();
		this.store = Caffeine.newBuilder()
			.maximumWeight(this.maxSize)
			.weigher((HttpCacheKey key,
					Variants variants) -> (int) Math.min(Integer.MAX_VALUE, key.weight() + variants.size()))
			.expireAfter(new VariantsExpiry(clock))
			.evictionListener(this::evicted)
			.executor(Runnable::run)
			.scheduler(Scheduler.systemScheduler())
			.recordStats()
			.build();
		for (HttpCacheOutcome outcome : HttpCacheOutcome.values()) {
			this.outcomes.put(outcome, new LongAdder());
		}
	}

	/**
	 * Return the current time of the cache's clock, for ages, freshness and expiry.
	 * @return milliseconds since the epoch
	 */
	long now() {
		return this.clock.millis();
	}

	/**
	 * Return the responses stored for a primary key.
	 * @param key the primary key
	 * @return the variants, or {@code null}
	 */
	@Nullable Variants variants(HttpCacheKey key) {
		return this.store.getIfPresent(key);
	}

	/**
	 * Return the number of invalidations made so far: a fill notes it when it starts, so
	 * that its response is not stored if its key or one of its tags was invalidated
	 * meanwhile.
	 * @return the count
	 */
	long invalidationSequence() {
		return this.invalidations.get();
	}

	/**
	 * Store a response, replacing the variant with the same {@code Vary} values, unless
	 * its key's path, one of its tags or everything was invalidated since its fill
	 * started: such a response may hold what the invalidation removed.
	 * @param key the primary key
	 * @param response the response
	 * @param fillStart the {@link #invalidationSequence()} when its fill started
	 * @return whether it was stored: {@code false} if it is bigger than the maximum entry
	 * size, already expired, or raced an invalidation
	 */
	boolean store(HttpCacheKey key, StoredResponse response, long fillStart) {
		if (response.size() > this.maxEntrySize || response.deleteAt() <= now()) {
			return false;
		}
		if (invalidatedSince(key, response, fillStart)) {
			this.racedFills.increment();
			return false;
		}
		put(key, response);
		// an invalidation marks first and removes second: one that ran between the check
		// above and the put is seen now
		if (invalidatedSince(key, response, fillStart)) {
			this.racedFills.increment();
			remove(key);
			return false;
		}
		return true;
	}

	private boolean invalidatedSince(HttpCacheKey key, StoredResponse response, long fillStart) {
		if (this.everythingInvalidatedAt > fillStart || this.forgottenUpTo.get() > fillStart) {
			return true;
		}
		Long path = this.pathInvalidatedAt.getIfPresent(key.path());
		if (path != null && path > fillStart) {
			return true;
		}
		for (String tag : response.tags()) {
			Long tagged = this.tagInvalidatedAt.getIfPresent(tag);
			if (tagged != null && tagged > fillStart) {
				return true;
			}
		}
		return false;
	}

	private Cache<String, Long> invalidationMarks() {
		return Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(INVALIDATION_MEMORY)
			.executor(Runnable::run)
			.removalListener((String name, Long sequence, RemovalCause cause) -> {
				if (sequence != null && cause != RemovalCause.REPLACED && cause != RemovalCause.EXPLICIT) {
					this.forgottenUpTo.accumulateAndGet(sequence, Math::max);
				}
			})
			.build();
	}

	private void put(HttpCacheKey key, StoredResponse response) {
		this.store.asMap()
			.compute(key, (k, existing) -> (existing != null) ? existing.with(response, MAX_VARIANTS)
					: new Variants(List.of(response)));
		for (String tag : response.tags()) {
			this.tags.compute(tag, (t, keys) -> {
				Set<HttpCacheKey> tagged = (keys != null) ? keys : ConcurrentHashMap.newKeySet();
				tagged.add(key);
				return tagged;
			});
		}
	}

	long getMaxEntrySize() {
		return this.maxEntrySize;
	}

	void record(HttpCacheOutcome outcome) {
		this.outcomes.get(outcome).increment();
	}

	void recordEarlyHit() {
		this.outcomes.get(HttpCacheOutcome.HIT).increment();
		this.earlyHits.increment();
	}

	/**
	 * Remove the responses stored for a primary key.
	 * @param key the key
	 * @return whether responses were removed
	 */
	boolean invalidate(HttpCacheKey key) {
		markPath(key.path());
		boolean removed = removeEveryScheme(key.host(), key.path()) > 0;
		if (!this.listeners.isEmpty()) {
			this.listeners.invalidated(new CacheInvalidation.HttpKey(key.host() + key.path()));
		}
		return removed;
	}

	/**
	 * Remove the responses stored for a key: {@code https://host/path?query} removes one
	 * key, {@code host/path?query} removes that host's path and query for {@code http}
	 * and {@code https}, {@code /path?query} removes that path and query on every host.
	 * @param key the key
	 * @return the number of primary keys removed
	 */
	public int invalidate(String key) {
		int removed = removeKey(key);
		this.listeners.invalidated(new CacheInvalidation.HttpKey(key));
		return removed;
	}

	/**
	 * Remove the responses that carried a tag.
	 * @param tag the tag
	 * @return the number of primary keys removed
	 */
	public int invalidateTag(String tag) {
		int removed = removeTag(tag);
		this.listeners.invalidated(new CacheInvalidation.HttpTag(tag));
		return removed;
	}

	/**
	 * Remove every stored response.
	 */
	public void invalidateAll() {
		removeAll();
		this.listeners.invalidated(new CacheInvalidation.HttpAll());
	}

	/**
	 * Make an invalidation that another instance reported, without reporting it again.
	 * Invalidations of other caches are ignored.
	 * @param invalidation the invalidation
	 * @return whether it was an invalidation of this cache
	 */
	public boolean apply(CacheInvalidation invalidation) {
		if (invalidation instanceof CacheInvalidation.HttpKey httpKey) {
			removeKey(httpKey.key());
			return true;
		}
		if (invalidation instanceof CacheInvalidation.HttpTag httpTag) {
			removeTag(httpTag.tag());
			return true;
		}
		if (invalidation instanceof CacheInvalidation.HttpAll) {
			removeAll();
			return true;
		}
		return false;
	}

	/**
	 * Add a listener told of every invalidation made through this cache: purges and the
	 * invalidations of unsafe requests.
	 * @param listener the listener
	 */
	public void addInvalidationListener(CacheInvalidationListener listener) {
		this.listeners.add(listener);
	}

	private boolean remove(HttpCacheKey key) {
		Variants removed = this.store.asMap().remove(key);
		if (removed != null) {
			unindex(key, removed);
		}
		return removed != null;
	}

	private int removeKey(String key) {
		markPath(HttpCacheKey.pathOf(key));
		if (!key.startsWith("/")) {
			int schemeEnd = key.indexOf("://");
			String hostAndPath = (schemeEnd < 0) ? key : key.substring(schemeEnd + 3);
			int slash = hostAndPath.indexOf('/');
			String host = ((slash < 0) ? hostAndPath : hostAndPath.substring(0, slash)).toLowerCase(Locale.ROOT);
			String path = (slash < 0) ? "/" : hostAndPath.substring(slash);
			if (schemeEnd < 0) {
				return removeEveryScheme(host, path);
			}
			String scheme = key.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
			return remove(new HttpCacheKey(scheme, host, path)) ? 1 : 0;
		}
		int removed = 0;
		for (HttpCacheKey candidate : List.copyOf(this.store.asMap().keySet())) {
			if (candidate.path().equals(key) && remove(candidate)) {
				removed++;
			}
		}
		return removed;
	}

	private int removeEveryScheme(String host, String path) {
		int removed = 0;
		for (String scheme : SCHEMES) {
			if (remove(new HttpCacheKey(scheme, host, path))) {
				removed++;
			}
		}
		return removed;
	}

	private int removeTag(String tag) {
		this.tagInvalidatedAt.put(tag, this.invalidations.incrementAndGet());
		Set<HttpCacheKey> keys = this.tags.remove(tag);
		if (keys == null) {
			return 0;
		}
		int removed = 0;
		for (HttpCacheKey key : keys) {
			if (remove(key)) {
				removed++;
			}
		}
		return removed;
	}

	private void markPath(String path) {
		this.pathInvalidatedAt.put(path, this.invalidations.incrementAndGet());
	}

	private void removeAll() {
		this.everythingInvalidatedAt = this.invalidations.incrementAndGet();
		this.store.invalidateAll();
		this.tags.clear();
	}

	private void evicted(@Nullable HttpCacheKey key, @Nullable Variants variants, RemovalCause cause) {
		if (key != null && variants != null) {
			unindex(key, variants);
		}
	}

	private void unindex(HttpCacheKey key, Variants variants) {
		for (StoredResponse response : variants.responses()) {
			for (String tag : response.tags()) {
				this.tags.computeIfPresent(tag, (t, keys) -> {
					keys.remove(key);
					return keys.isEmpty() ? null : keys;
				});
			}
		}
	}

	/**
	 * Return the name of this cache.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the approximate number of primary keys stored.
	 * @return the number of keys
	 */
	public long getEntries() {
		return this.store.estimatedSize();
	}

	/**
	 * Return the size of all stored responses in bytes.
	 * @return the size
	 */
	public long getSize() {
		return this.store.policy().eviction().orElseThrow().weightedSize().orElse(0);
	}

	/**
	 * Return the maximum size of all stored responses in bytes.
	 * @return the maximum size
	 */
	public long getMaxSize() {
		return this.maxSize;
	}

	/**
	 * Return how many requests had an outcome.
	 * @param outcome the outcome
	 * @return the count
	 */
	public long getCount(HttpCacheOutcome outcome) {
		return this.outcomes.get(outcome).sum();
	}

	/**
	 * Return how many responses were not stored because an invalidation of their key or
	 * tags was made while they were being fetched.
	 * @return the count
	 */
	public long getRacedFills() {
		return this.racedFills.sum();
	}

	/**
	 * Return how many hits were served before the application, in the server's pipeline
	 * ({@code reuseport.cache.http.serve-hits-early}); they count as hits too.
	 * @return the count
	 */
	public long getEarlyHits() {
		return this.earlyHits.sum();
	}

	/**
	 * Return the number of primary keys stored per tag.
	 * @return the counts by tag, sorted by tag
	 */
	public Map<String, Integer> getEntriesPerTag() {
		Map<String, Integer> counts = new TreeMap<>();
		this.tags.forEach((tag, keys) -> counts.put(tag, keys.size()));
		return counts;
	}

	/**
	 * Return the primary keys stored, at most {@code limit} of them.
	 * @param limit the maximum number of keys
	 * @return the keys
	 */
	public List<String> getKeys(int limit) {
		return this.store.asMap().keySet().stream().limit(limit).map(HttpCacheKey::toString).sorted().toList();
	}

	/**
	 * Return the Caffeine store, for metrics.
	 * @return the store
	 */
	public Cache<?, ?> getNativeCache() {
		return this.store;
	}

	/**
	 * The responses stored for one primary key, one per set of {@code Vary} values.
	 *
	 * @param responses the responses, newest first
	 */
	record Variants(List<StoredResponse> responses) {

		@Nullable StoredResponse match(ServerHttpRequest request) {
			return match(request.getHeaders());
		}

		@Nullable StoredResponse match(HttpHeaders requestHeaders) {
			for (StoredResponse response : this.responses) {
				if (matches(response, requestHeaders)) {
					return response;
				}
			}
			return null;
		}

		private static boolean matches(StoredResponse response, HttpHeaders requestHeaders) {
			for (Map.Entry<String, String> vary : response.vary().entrySet()) {
				if (!vary.getValue().equals(HttpCachePolicy.normalized(requestHeaders, vary.getKey()))) {
					return false;
				}
			}
			return true;
		}

		Variants with(StoredResponse response, int maxVariants) {
			List<StoredResponse> responses = new java.util.ArrayList<>(maxVariants);
			responses.add(response);
			for (StoredResponse existing : this.responses) {
				if (responses.size() < maxVariants && !existing.vary().equals(response.vary())) {
					responses.add(existing);
				}
			}
			return new Variants(List.copyOf(responses));
		}

		long size() {
			long size = 0;
			for (StoredResponse response : this.responses) {
				size += response.size();
			}
			return size;
		}

		long deleteAt() {
			long deleteAt = 0;
			for (StoredResponse response : this.responses) {
				deleteAt = Math.max(deleteAt, response.deleteAt());
			}
			return deleteAt;
		}

	}

	private static final class VariantsExpiry implements Expiry<HttpCacheKey, Variants> {

		private final Clock clock;

		VariantsExpiry(Clock clock) {
			this.clock = clock;
		}

		@Override
		public long expireAfterCreate(HttpCacheKey key, Variants variants, long currentTime) {
			return remaining(variants);
		}

		@Override
		public long expireAfterUpdate(HttpCacheKey key, Variants variants, long currentTime, long currentDuration) {
			return remaining(variants);
		}

		@Override
		public long expireAfterRead(HttpCacheKey key, Variants variants, long currentTime, long currentDuration) {
			return currentDuration;
		}

		private long remaining(Variants variants) {
			long millis = variants.deleteAt() - this.clock.millis();
			return TimeUnit.MILLISECONDS.toNanos(Math.max(1, millis));
		}

	}

}
