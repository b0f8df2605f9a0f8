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

package dev.reuseport.actuate.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.coherence.CacheCoherence;
import dev.reuseport.cache.http.HttpCacheOutcome;
import dev.reuseport.cache.http.HttpResponseCache;
import dev.reuseport.cache.http.RedisTierStatistics;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@link Endpoint @Endpoint} that shows the shared cache and the HTTP response cache:
 * entries, bytes, hit ratio, outcomes and entries per tag, and the link that keeps the
 * caches of all instances coherent. Its write operation purges the HTTP response cache by
 * tag, by key or entirely (on every instance, with the link); it is off unless
 * {@code management.endpoint.reuseportcache.access=unrestricted}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@Endpoint(id = "reuseportcache", defaultAccess = Access.READ_ONLY)
public class ReusePortCacheEndpoint {

	private static final int MAX_KEYS = 100;

	private final @Nullable SharedCache sharedCache;

	private final @Nullable HttpResponseCache httpResponseCache;

	private final @Nullable CacheCoherence cacheCoherence;

	private final @Nullable RedisTierStatistics redisTier;

	private final Show showValues;

	private final Set<String> roles;

	/**
	 * Create a new instance.
	 * @param sharedCache the shared cache, if any
	 * @param httpResponseCache the HTTP response cache, if any
	 * @param cacheCoherence the link to the other instances' caches, if any
	 * @param redisTier the HTTP response cache's Redis tier, if any
	 * @param showValues when to show the text of stored keys and tags, which can carry
	 * tokens and personal data; otherwise only digests of them are shown
	 * @param roles the roles that may see them with {@link Show#WHEN_AUTHORIZED}
	 */
	public ReusePortCacheEndpoint(@Nullable SharedCache sharedCache, @Nullable HttpResponseCache httpResponseCache,
			@Nullable CacheCoherence cacheCoherence, @Nullable RedisTierStatistics redisTier, Show showValues,
			Set<String> roles) {
		this.sharedCache = sharedCache;
		this.httpResponseCache = httpResponseCache;
		this.cacheCoherence = cacheCoherence;
		this.redisTier = redisTier;
		this.showValues = showValues;
		this.roles = roles;
	}

	@ReadOperation
	public CachesDescriptor caches(SecurityContext securityContext) {
		boolean shown = this.showValues.isShown(securityContext, this.roles);
		return new CachesDescriptor(SharedCacheDescriptor.of(this.sharedCache),
				HttpCacheDescriptor.of(this.httpResponseCache, this.redisTier, shown),
				LinkDescriptor.of(this.cacheCoherence));
	}

	/**
	 * Purge the HTTP response cache: {@code POST} with {@code {"tags": "product-1
	 * catalog"}} (tags separated by spaces or commas), {@code {"key":
	 * "/products/1?page=2"}} or {@code {"all": true}}. A key without a host, starting
	 * with {@code /}, purges that path and query on every host;
	 * {@code localhost:8080/products/1} purges one.
	 * @param tags the tags whose responses to purge
	 * @param key the key to purge
	 * @param all whether to purge everything
	 * @return the number of keys purged; {@code 400} when nothing to purge is named,
	 * {@code 404} without an HTTP response cache
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> purge(@Nullable String tags, @Nullable String key,
			@Nullable Boolean all) {
		HttpResponseCache cache = this.httpResponseCache;
		if (cache == null) {
			return EndpointResponses.message(WebEndpointResponse.STATUS_NOT_FOUND,
					"The HTTP response cache is off; set reuseport.cache.http.enabled=true");
		}
		if (Boolean.TRUE.equals(all)) {
			long entries = cache.getEntries();
			cache.invalidateAll();
			return new WebEndpointResponse<>(Map.of("purged", entries), WebEndpointResponse.STATUS_OK);
		}
		if ((tags == null || tags.isBlank()) && (key == null || key.isBlank())) {
			return EndpointResponses.message(WebEndpointResponse.STATUS_BAD_REQUEST,
					"Name what to purge: \"tags\": \"a b\", \"key\": \"/path?query\" or \"all\": true");
		}
		int purged = 0;
		if (tags != null) {
			for (String tag : tags.trim().split("[,\\s]+")) {
				purged += tag.isEmpty() ? 0 : cache.invalidateTag(tag);
			}
		}
		if (key != null && !key.isBlank()) {
			purged += cache.invalidate(key.trim());
		}
		return new WebEndpointResponse<>(Map.of("purged", purged), WebEndpointResponse.STATUS_OK);
	}

	/**
	 * The caches.
	 *
	 * @param shared the shared cache, {@code null} when off
	 * @param http the HTTP response cache, {@code null} when off
	 * @param link the link that keeps the caches of all instances coherent, {@code null}
	 * when off
	 */
	public record CachesDescriptor(@Nullable SharedCacheDescriptor shared, @Nullable HttpCacheDescriptor http,
			@Nullable LinkDescriptor link) implements OperationResponseBody {

	}

	/**
	 * The link that keeps the caches of all instances coherent.
	 *
	 * @param connected whether it is up
	 * @param channel the channel the invalidations are published on
	 * @param published invalidations of this instance that the broker took
	 * @param received invalidations of other instances made here
	 * @param pending invalidations of this instance waiting for the link
	 * @param dropped invalidations not kept while the link was down, for which one
	 * invalidation of everything stood
	 * @param reconnects how often the link came back after an outage
	 * @param resyncs how often the local caches were cleared because the link came back
	 * @param rejected messages (or lines of them) on the channel that were ignored:
	 * unreadable, too big, or dropped with too many waiting
	 */
	public record LinkDescriptor(boolean connected, String channel, long published, long received, int pending,
			long dropped, long reconnects, long resyncs, long rejected) {

		static @Nullable LinkDescriptor of(@Nullable CacheCoherence coherence) {
			if (coherence == null) {
				return null;
			}
			return new LinkDescriptor(coherence.isConnected(), coherence.getChannel(), coherence.getPublished(),
					coherence.getReceived(), coherence.getPending(), coherence.getDropped(), coherence.getReconnects(),
					coherence.getResyncs(), coherence.getRejected());
		}

	}

	/**
	 * The shared cache.
	 *
	 * @param name its name in metrics
	 * @param entries the approximate number of entries
	 * @param sizeBytes the estimated size of its entries
	 * @param maxSizeBytes its maximum size
	 * @param maxEntrySizeBytes the maximum size of one entry
	 * @param hits lookups that found a value
	 * @param misses lookups that did not
	 * @param hitRatio hits divided by lookups, 1 before any lookup
	 * @param evictions entries evicted for size or age
	 */
	public record SharedCacheDescriptor(String name, long entries, long sizeBytes, long maxSizeBytes,
			long maxEntrySizeBytes, long hits, long misses, double hitRatio, long evictions) {

		static @Nullable SharedCacheDescriptor of(@Nullable SharedCache cache) {
			if (cache == null) {
				return null;
			}
			CacheStats stats = cache.getStats();
			return new SharedCacheDescriptor(cache.getName(), cache.getEntries(), cache.getSize(), cache.getMaxSize(),
					cache.getMaxEntrySize(), stats.hitCount(), stats.missCount(), stats.hitRate(),
					stats.evictionCount());
		}

	}

	/**
	 * The HTTP response cache.
	 *
	 * @param name its name in {@code Cache-Status}
	 * @param entries the approximate number of keys stored
	 * @param sizeBytes the size of the stored responses
	 * @param maxSizeBytes its maximum size
	 * @param hitRatio requests answered from the store (hit, stale, revalidated) divided
	 * by those that looked in it (the same plus miss), 1 before any
	 * @param outcomes requests per outcome
	 * @param earlyHits hits served before the application (counted in {@code hit} too)
	 * @param tags keys stored per tag; each tag as {@code hmac:} and 16 hexadecimal
	 * digits (a keyed digest, equal for equal tags within one process) unless
	 * {@code management.endpoint.reuseportcache.show-values} allows its text
	 * @param keys some of the keys stored, at most 100, as digests unless
	 * {@code management.endpoint.reuseportcache.show-values} allows their text
	 * @param racedFills responses not stored because an invalidation of their key or tags
	 * came while they were fetched
	 * @param redis the Redis tier, {@code null} when responses are not shared
	 */
	public record HttpCacheDescriptor(String name, long entries, long sizeBytes, long maxSizeBytes, double hitRatio,
			Map<String, Long> outcomes, long earlyHits, Map<String, Integer> tags, List<String> keys, long racedFills,
			@Nullable RedisTierDescriptor redis) {

		static @Nullable HttpCacheDescriptor of(@Nullable HttpResponseCache cache,
				@Nullable RedisTierStatistics redisTier, boolean showValues) {
			if (cache == null) {
				return null;
			}
			Map<String, Long> outcomes = new LinkedHashMap<>();
			for (HttpCacheOutcome outcome : HttpCacheOutcome.values()) {
				outcomes.put(outcome.tagValue(), cache.getCount(outcome));
			}
			long served = cache.getCount(HttpCacheOutcome.HIT) + cache.getCount(HttpCacheOutcome.STALE)
					+ cache.getCount(HttpCacheOutcome.REVALIDATED);
			long looked = served + cache.getCount(HttpCacheOutcome.MISS);
			Map<String, Integer> tags = cache.getEntriesPerTag();
			List<String> keys = cache.getKeys(MAX_KEYS);
			if (!showValues) {
				Map<String, Integer> digests = new TreeMap<>();
				tags.forEach((tag, count) -> digests.merge(ValueDigests.digest(tag), count, Integer::sum));
				tags = digests;
				keys = keys.stream().map(ValueDigests::digest).sorted().toList();
			}
			return new HttpCacheDescriptor(cache.getName(), cache.getEntries(), cache.getSize(), cache.getMaxSize(),
					(looked > 0) ? (double) served / looked : 1.0, outcomes, cache.getEarlyHits(), tags, keys,
					cache.getRacedFills(), RedisTierDescriptor.of(redisTier));
		}

	}

	/**
	 * The HTTP response cache's Redis tier.
	 *
	 * @param available whether Redis is used now
	 * @param breaker the breaker: {@code closed}, {@code open} or {@code half_open}
	 * @param hits lookups that found a response in Redis
	 * @param misses lookups that found nothing usable
	 * @param skipped lookups that skipped Redis (breaker open, failed or over the
	 * timeout)
	 * @param fills responses written to Redis
	 * @param refusedFills fills refused because an invalidation came after they started
	 * @param droppedWrites writes dropped because too many were waiting
	 * @param coalescedWaits misses that waited for another instance's fill and got it
	 * @param lockTimeouts misses that waited and went to the origin
	 * @param rejected entries read and ignored (another version, key or signature)
	 * @param bytesWritten bytes of the entries written
	 * @param invalidations invalidations written to Redis
	 * @param pendingInvalidations invalidations waiting for Redis
	 */
	public record RedisTierDescriptor(boolean available, String breaker, long hits, long misses, long skipped,
			long fills, long refusedFills, long droppedWrites, long coalescedWaits, long lockTimeouts, long rejected,
			long bytesWritten, long invalidations, int pendingInvalidations) {

		static @Nullable RedisTierDescriptor of(@Nullable RedisTierStatistics tier) {
			if (tier == null) {
				return null;
			}
			return new RedisTierDescriptor(tier.isAvailable(), tier.getBreakerState(), tier.getHits(), tier.getMisses(),
					tier.getSkipped(), tier.getFills(), tier.getRefusedFills(), tier.getDroppedWrites(),
					tier.getCoalescedWaits(), tier.getLockTimeouts(), tier.getRejected(), tier.getBytesWritten(),
					tier.getInvalidations(), tier.getPendingInvalidations());
		}

	}

}
