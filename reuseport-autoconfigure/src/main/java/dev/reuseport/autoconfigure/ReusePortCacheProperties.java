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

package dev.reuseport.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for the shared cache and the HTTP response cache.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@ConfigurationProperties("reuseport.cache")
public class ReusePortCacheProperties {

	/**
	 * Whether to auto-configure the shared cache bean.
	 */
	private boolean enabled = true;

	/**
	 * Maximum estimated size of all entries of the shared cache.
	 */
	private DataSize maxSize = DataSize.ofMegabytes(64);

	/**
	 * Maximum estimated size of one entry; a bigger value is returned to its callers but
	 * not kept.
	 */
	private DataSize maxEntrySize = DataSize.ofMegabytes(1);

	/**
	 * Time-to-live of entries stored without one of their own. Unset keeps them until
	 * evicted by size.
	 */
	private @Nullable Duration timeToLive;

	/**
	 * Whether Spring's cache abstraction uses the shared cache when caching is enabled
	 * and the application defines no CacheManager and no spring.cache.type.
	 */
	private boolean springCache = true;

	/**
	 * The HTTP response cache (RFC 9111) shared by every worker.
	 */
	private final Http http = new Http();

	/**
	 * Cache coherence across instances through Redis pub/sub.
	 */
	private final Redis redis = new Redis();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getMaxSize() {
		return this.maxSize;
	}

	public void setMaxSize(DataSize maxSize) {
		InvalidPropertyException.check(maxSize.toBytes() > 0, "reuseport.cache.max-size", maxSize, "be positive");
		this.maxSize = maxSize;
	}

	public DataSize getMaxEntrySize() {
		return this.maxEntrySize;
	}

	public void setMaxEntrySize(DataSize maxEntrySize) {
		InvalidPropertyException.check(maxEntrySize.toBytes() > 0, "reuseport.cache.max-entry-size", maxEntrySize,
				"be positive");
		this.maxEntrySize = maxEntrySize;
	}

	public @Nullable Duration getTimeToLive() {
		return this.timeToLive;
	}

	public void setTimeToLive(@Nullable Duration timeToLive) {
		InvalidPropertyException.check(timeToLive == null || (!timeToLive.isNegative() && !timeToLive.isZero()),
				"reuseport.cache.time-to-live", timeToLive, "be positive");
		this.timeToLive = timeToLive;
	}

	public boolean isSpringCache() {
		return this.springCache;
	}

	public void setSpringCache(boolean springCache) {
		this.springCache = springCache;
	}

	public Http getHttp() {
		return this.http;
	}

	public Redis getRedis() {
		return this.redis;
	}

	/**
	 * HTTP response cache properties.
	 */
	public static class Http {

		/**
		 * Whether to cache responses to GET and HEAD requests in front of the handlers.
		 */
		private boolean enabled;

		/**
		 * Name of the cache in the Cache-Status response header and in metrics.
		 */
		private String name = "reuseport";

		/**
		 * Maximum size of all stored responses (bodies and header fields).
		 */
		private DataSize maxSize = DataSize.ofMegabytes(64);

		/**
		 * Maximum size of one stored response; a bigger response streams through
		 * uncached.
		 */
		private DataSize maxEntrySize = DataSize.ofMegabytes(1);

		/**
		 * Freshness given to responses with a heuristically cacheable status and no
		 * explicit freshness (Cache-Control max-age or s-maxage, Expires). Unset stores
		 * only responses with explicit freshness.
		 */
		private @Nullable Duration defaultTimeToLive;

		/**
		 * How long a response stays stored after it goes stale, beyond its own
		 * stale-while-revalidate and stale-if-error windows, so that it can be validated
		 * with a 304 instead of fetched again, or served to a client's max-stale.
		 */
		private Duration keepStale = Duration.ofSeconds(30);

		/**
		 * Response header field that carries the tags of a response, comma or space
		 * separated. It is removed before the response is sent.
		 */
		private String tagsHeader = "Cache-Tag";

		/**
		 * Longest time a request waits for a concurrent request for the same key to fill
		 * the cache before it runs the handler itself.
		 */
		private Duration lockTimeout = Duration.ofSeconds(5);

		/**
		 * Whether to serve fresh hits in the server's pipeline, before the application:
		 * only to requests without credentials (Authorization, Cookie) nor request
		 * directives, from responses stored for requests without credentials. Such hits
		 * skip every WebFilter, Spring Security included.
		 */
		private boolean serveHitsEarly;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			InvalidPropertyException.check(name.matches("[A-Za-z][A-Za-z0-9._-]*"), "reuseport.cache.http.name", name,
					"be a token starting with a letter, like 'reuseport'");
			this.name = name;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			InvalidPropertyException.check(maxSize.toBytes() > 0, "reuseport.cache.http.max-size", maxSize,
					"be positive");
			this.maxSize = maxSize;
		}

		public DataSize getMaxEntrySize() {
			return this.maxEntrySize;
		}

		public void setMaxEntrySize(DataSize maxEntrySize) {
			InvalidPropertyException.check(maxEntrySize.toBytes() > 0, "reuseport.cache.http.max-entry-size",
					maxEntrySize, "be positive");
			this.maxEntrySize = maxEntrySize;
		}

		public @Nullable Duration getDefaultTimeToLive() {
			return this.defaultTimeToLive;
		}

		public void setDefaultTimeToLive(@Nullable Duration defaultTimeToLive) {
			InvalidPropertyException.check(
					defaultTimeToLive == null || (!defaultTimeToLive.isNegative() && !defaultTimeToLive.isZero()),
					"reuseport.cache.http.default-time-to-live", defaultTimeToLive, "be positive");
			this.defaultTimeToLive = defaultTimeToLive;
		}

		public Duration getKeepStale() {
			return this.keepStale;
		}

		public void setKeepStale(Duration keepStale) {
			InvalidPropertyException.check(!keepStale.isNegative(), "reuseport.cache.http.keep-stale", keepStale,
					"not be negative");
			this.keepStale = keepStale;
		}

		public String getTagsHeader() {
			return this.tagsHeader;
		}

		public void setTagsHeader(String tagsHeader) {
			InvalidPropertyException.check(tagsHeader.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"),
					"reuseport.cache.http.tags-header", tagsHeader, "be a header field name");
			this.tagsHeader = tagsHeader;
		}

		public boolean isServeHitsEarly() {
			return this.serveHitsEarly;
		}

		public void setServeHitsEarly(boolean serveHitsEarly) {
			this.serveHitsEarly = serveHitsEarly;
		}

		public Duration getLockTimeout() {
			return this.lockTimeout;
		}

		public void setLockTimeout(Duration lockTimeout) {
			InvalidPropertyException.check(!lockTimeout.isNegative(), "reuseport.cache.http.lock-timeout", lockTimeout,
					"not be negative");
			this.lockTimeout = lockTimeout;
		}

	}

	/**
	 * Properties of the link that keeps the caches of all instances coherent through
	 * Redis pub/sub.
	 */
	public static class Redis {

		/**
		 * Whether to publish every invalidation of the shared cache and the HTTP response
		 * cache to the other instances through Redis pub/sub, and to make theirs. Needs
		 * Spring Data Redis with Lettuce (spring-boot-starter-data-redis-reactive), or
		 * Lettuce and a 'url'.
		 */
		private boolean enabled;

		/**
		 * Redis of the caches' link to the other instances, such as
		 * 'redis://cache-redis:6379/0' ('rediss://' for TLS, credentials as
		 * 'redis://user:password@host'). Defaults to the Redis of 'spring.data.redis.*'.
		 * A cache wants its own Redis with an evicting 'maxmemory-policy', apart from a
		 * job queue, which wants 'noeviction'.
		 */
		private @Nullable String url;

		/**
		 * Redis pub/sub channel of the invalidations. Defaults to
		 * 'reuseport:{spring.application.name}:invalidations', so that applications that
		 * share a Redis do not invalidate each other's caches.
		 */
		private @Nullable String channel;

		/**
		 * How often to check that Redis answers. An outage is noticed within this
		 * interval plus the timeout.
		 */
		private Duration probeInterval = Duration.ofSeconds(1);

		/**
		 * How long a publish or a probe may wait for Redis before it counts as failed.
		 */
		private Duration timeout = Duration.ofSeconds(1);

		/**
		 * Maximum number of this instance's invalidations kept while the link is down, to
		 * be published when it is back. Past it, one invalidation of everything is
		 * published instead.
		 */
		private int maxPending = 10_000;

		/**
		 * Shortest time between two messages of this instance. Invalidations made within
		 * it go together in the next message, which bounds the publish rate under write
		 * load and adds at most this to the propagation delay. 0 publishes as soon as the
		 * previous message was taken.
		 */
		private Duration publishInterval = Duration.ofMillis(1);

		/**
		 * Whether the HTTP response cache shares its responses with the other instances
		 * through Redis: a local miss looks in Redis before the origin, a local fill is
		 * written to Redis in the background, and concurrent misses of one key on several
		 * instances reach the origin once. Needs 'enabled' (the same Redis as the link).
		 */
		private boolean shareResponses;

		/**
		 * Longest a lookup in Redis may take; past it the lookup is a miss and the
		 * request goes on to the origin.
		 */
		private Duration lookupTimeout = Duration.ofMillis(50);

		/**
		 * Longest a miss waits for another instance's fill of the same key (whose lock it
		 * found taken) before it goes to the origin itself.
		 */
		private Duration coalesceWait = Duration.ofSeconds(1);

		/**
		 * How long a fill's lock lives when its holder never releases it (an instance
		 * killed during the fill).
		 */
		private Duration lockTimeToLive = Duration.ofSeconds(5);

		/**
		 * Maximum number of writes to Redis (fills and invalidations) waiting to be sent.
		 * More fills are dropped; more invalidations become one purge of everything.
		 */
		private int maxPendingWrites = 1000;

		/**
		 * Bodies larger than this are deflated in Redis when that makes them smaller.
		 */
		private DataSize compressAbove = DataSize.ofKilobytes(1);

		/**
		 * Secret that signs every entry written to Redis with HMAC-SHA-256; an entry with
		 * a bad or missing signature is a miss. At least 32 characters. Unset: entries
		 * are not signed.
		 */
		private @Nullable String signingKey;

		/**
		 * Number of failed or timed-out Redis calls in a row that open the breaker: Redis
		 * is then skipped, with no timeout per request, until it is tried again.
		 */
		private int breakerFailures = 5;

		/**
		 * How long the open breaker skips Redis before one call tries it again.
		 */
		private Duration breakerOpenFor = Duration.ofSeconds(5);

		/**
		 * Longest time-to-live of any key the HTTP response cache writes to Redis.
		 */
		private Duration maxTimeToLive = Duration.ofDays(1);

		public boolean isShareResponses() {
			return this.shareResponses;
		}

		public void setShareResponses(boolean shareResponses) {
			this.shareResponses = shareResponses;
		}

		public Duration getLookupTimeout() {
			return this.lookupTimeout;
		}

		public void setLookupTimeout(Duration lookupTimeout) {
			InvalidPropertyException.check(lookupTimeout.toMillis() > 0, "reuseport.cache.redis.lookup-timeout",
					lookupTimeout, "be at least 1ms");
			this.lookupTimeout = lookupTimeout;
		}

		public Duration getCoalesceWait() {
			return this.coalesceWait;
		}

		public void setCoalesceWait(Duration coalesceWait) {
			InvalidPropertyException.check(!coalesceWait.isNegative(), "reuseport.cache.redis.coalesce-wait",
					coalesceWait, "not be negative");
			this.coalesceWait = coalesceWait;
		}

		public Duration getLockTimeToLive() {
			return this.lockTimeToLive;
		}

		public void setLockTimeToLive(Duration lockTimeToLive) {
			InvalidPropertyException.check(lockTimeToLive.toMillis() > 0, "reuseport.cache.redis.lock-time-to-live",
					lockTimeToLive, "be at least 1ms");
			this.lockTimeToLive = lockTimeToLive;
		}

		public int getMaxPendingWrites() {
			return this.maxPendingWrites;
		}

		public void setMaxPendingWrites(int maxPendingWrites) {
			InvalidPropertyException.check(maxPendingWrites > 0, "reuseport.cache.redis.max-pending-writes",
					maxPendingWrites, "be greater than 0");
			this.maxPendingWrites = maxPendingWrites;
		}

		public DataSize getCompressAbove() {
			return this.compressAbove;
		}

		public void setCompressAbove(DataSize compressAbove) {
			InvalidPropertyException.check(!compressAbove.isNegative(), "reuseport.cache.redis.compress-above",
					compressAbove, "not be negative");
			this.compressAbove = compressAbove;
		}

		public @Nullable String getSigningKey() {
			return this.signingKey;
		}

		public void setSigningKey(@Nullable String signingKey) {
			InvalidPropertyException.check(signingKey == null || signingKey.length() >= 32,
					"reuseport.cache.redis.signing-key",
					"(" + ((signingKey != null) ? signingKey.length() : 0) + " characters, not shown)",
					"be at least 32 characters");
			this.signingKey = signingKey;
		}

		public int getBreakerFailures() {
			return this.breakerFailures;
		}

		public void setBreakerFailures(int breakerFailures) {
			InvalidPropertyException.check(breakerFailures > 0, "reuseport.cache.redis.breaker-failures",
					breakerFailures, "be greater than 0");
			this.breakerFailures = breakerFailures;
		}

		public Duration getBreakerOpenFor() {
			return this.breakerOpenFor;
		}

		public void setBreakerOpenFor(Duration breakerOpenFor) {
			InvalidPropertyException.check(breakerOpenFor.toMillis() > 0, "reuseport.cache.redis.breaker-open-for",
					breakerOpenFor, "be at least 1ms");
			this.breakerOpenFor = breakerOpenFor;
		}

		public Duration getMaxTimeToLive() {
			return this.maxTimeToLive;
		}

		public void setMaxTimeToLive(Duration maxTimeToLive) {
			InvalidPropertyException.check(maxTimeToLive.toMillis() > 0, "reuseport.cache.redis.max-time-to-live",
					maxTimeToLive, "be at least 1ms");
			this.maxTimeToLive = maxTimeToLive;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			InvalidPropertyException.check(url == null || url.startsWith("redis://") || url.startsWith("rediss://"),
					"reuseport.cache.redis.url", url, "start with redis:// or rediss://");
			this.url = url;
		}

		public @Nullable String getChannel() {
			return this.channel;
		}

		public void setChannel(@Nullable String channel) {
			InvalidPropertyException.check(channel == null || !channel.isBlank(), "reuseport.cache.redis.channel",
					channel, "not be blank");
			this.channel = channel;
		}

		public Duration getProbeInterval() {
			return this.probeInterval;
		}

		public void setProbeInterval(Duration probeInterval) {
			InvalidPropertyException.check(probeInterval.toMillis() > 0, "reuseport.cache.redis.probe-interval",
					probeInterval, "be at least 1ms");
			this.probeInterval = probeInterval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			InvalidPropertyException.check(timeout.toMillis() > 0, "reuseport.cache.redis.timeout", timeout,
					"be at least 1ms");
			this.timeout = timeout;
		}

		public Duration getPublishInterval() {
			return this.publishInterval;
		}

		public void setPublishInterval(Duration publishInterval) {
			InvalidPropertyException.check(!publishInterval.isNegative(), "reuseport.cache.redis.publish-interval",
					publishInterval, "not be negative");
			this.publishInterval = publishInterval;
		}

		public int getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(int maxPending) {
			InvalidPropertyException.check(maxPending > 0, "reuseport.cache.redis.max-pending", maxPending,
					"be greater than 0");
			this.maxPending = maxPending;
		}

	}

}
