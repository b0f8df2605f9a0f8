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

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A {@link WebFilter} that answers {@code GET} and {@code HEAD} requests from the
 * {@link HttpResponseCache} as a shared cache (RFC 9111): fresh hits, {@code Vary}
 * variants, {@code Age}, {@code 304} answers to conditional requests,
 * {@code stale-while-revalidate} with one background revalidation per key,
 * {@code stale-if-error}, revalidation with the handler's validators, coalescing of
 * concurrent misses for one key, invalidation by unsafe methods, and a
 * {@code Cache-Status} field (RFC 9211) on every response.
 * <p>
 * It runs after Spring Security's filter chain ({@code -100}), so a request is authorized
 * before a stored response answers it.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class HttpCacheWebFilter implements WebFilter, Ordered {

	/**
	 * The order of this filter.
	 */
	public static final int ORDER = 0;

	/**
	 * How long a key whose response could not be stored is not coalesced.
	 */
	static final Duration UNCACHEABLE_MEMORY = Duration.ofSeconds(10);

	/**
	 * The suffix of the Redis tier's name in {@code Cache-Status}.
	 */
	static final String REDIS_SUFFIX = "-redis";

	/**
	 * Methods defined as safe (RFC 9110 section 9.2.1). Every other method, unknown ones
	 * included, invalidates its target when it succeeds (RFC 9111 section 4.4).
	 */
	private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.TRACE);

	private static final Log logger = LogFactory.getLog(HttpCacheWebFilter.class);

	private final HttpResponseCache cache;

	private final HttpCachePolicy policy;

	private final String tagsHeader;

	private final Duration lockTimeout;

	private volatile List<String> excludedPaths = List.of();

	private volatile @Nullable RedisResponseTier redisTier;

	private final Map<HttpCacheKey, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

	private final Set<HttpCacheKey> revalidating = ConcurrentHashMap.newKeySet();

	private final Cache<HttpCacheKey, Boolean> uncacheable = Caffeine.newBuilder()
		.executor(Runnable::run)
		.maximumSize(10_000)
		.expireAfterWrite(UNCACHEABLE_MEMORY)
		.build();

	/**
	 * Create a new instance.
	 * @param cache the store
	 * @param defaultTimeToLive the freshness given to heuristically cacheable responses
	 * without explicit freshness, or {@code null} to store only responses with explicit
	 * freshness
	 * @param keepStale how long a response stays stored once stale, beyond its own stale
	 * windows, to be revalidated or served to a client's {@code max-stale}
	 * @param tagsHeader the response header field that carries tags, removed before the
	 * response is sent
	 * @param lockTimeout how long a request waits for a concurrent miss on its key before
	 * it runs the handler itself
	 */
	public HttpCacheWebFilter(HttpResponseCache cache, @Nullable Duration defaultTimeToLive, Duration keepStale,
			String tagsHeader, Duration lockTimeout) {
		this.cache = cache;
		this.policy = new HttpCachePolicy(defaultTimeToLive, keepStale);
		this.tagsHeader = tagsHeader;
		this.lockTimeout = lockTimeout;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Share responses with the other instances through a Redis tier behind the local
	 * store.
	 * @param redisTier the tier, or {@code null} for the local store alone
	 */
	public void setRedisTier(@Nullable RedisResponseTier redisTier) {
		this.redisTier = redisTier;
	}

	/**
	 * Set the paths this filter never stores or serves ({@link HttpCacheExclusion}).
	 * @param exclusions the exclusions
	 */
	public void setExclusions(Collection<HttpCacheExclusion> exclusions) {
		this.excludedPaths = exclusions.stream().flatMap((exclusion) -> exclusion.pathPrefixes().stream()).toList();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		HttpMethod method = request.getMethod();
		boolean safe = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
		List<String> excluded = this.excludedPaths;
		if (!excluded.isEmpty()
				&& HttpCacheExclusion.excludes(excluded, request.getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		HttpHeaders headers = request.getHeaders();
		if (safe && !isWebSocketHandshake(headers) && !headers.containsHeader(HttpHeaders.RANGE)) {
			return lookup(exchange, chain, false);
		}
		ServerHttpResponse response = exchange.getResponse();
		this.cache.record(HttpCacheOutcome.BYPASS);
		response.getHeaders()
			.set(CacheStatus.HEADER, CacheStatus.forward(this.cache.getName(), safe ? "bypass" : "method").toString());
		response.beforeCommit(() -> {
			Forward.removeTags(response.getHeaders(), this.tagsHeader);
			response.getHeaders().remove(CacheDirectives.REUSEPORT_CACHE_CONTROL);
			if (!SAFE.contains(method) && !isError(response.getStatusCode())) {
				invalidateTarget(request, response.getHeaders());
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	private Mono<Void> lookup(ServerWebExchange exchange, WebFilterChain chain, boolean collapsed) {
		return lookup(exchange, chain, collapsed, null, this.cache.invalidationSequence());
	}

	/**
	 * Look a request up: in the local tier, then (on a local miss, once) in the Redis
	 * tier, whose hit is stored locally with its remaining lifetime and then served by
	 * the local rules.
	 * @param exchange the exchange
	 * @param chain the rest of the chain
	 * @param collapsed whether the request waited for another request's response
	 * @param remote what the Redis tier found, or {@code null} before it was asked
	 * @param since the local store's invalidation sequence when the lookup started
	 * @return completes when the response is written
	 */
	private Mono<Void> lookup(ServerWebExchange exchange, WebFilterChain chain, boolean collapsed,
			@Nullable Remote remote, long since) {
		ServerHttpRequest request = exchange.getRequest();
		HttpCacheKey key = HttpCacheKey.of(request);
		CacheDirectives directives = CacheDirectives.of(request.getHeaders());
		long requestStaleIfError = directives.millis("stale-if-error");
		if (directives.has("no-store")) {
			return forward(exchange, chain,
					new Forward(key, request, null, "request", false, false, requestStaleIfError, since, () -> {
					}));
		}
		boolean noCache = directives.has("no-cache") || (!request.getHeaders().containsHeader(HttpHeaders.CACHE_CONTROL)
				&& request.getHeaders().getValuesAsList(HttpHeaders.PRAGMA).contains("no-cache"));
		HttpResponseCache.Variants variants = noCache ? null : this.cache.variants(key);
		StoredResponse stored = (variants != null) ? variants.match(request) : null;
		long now = this.cache.now();
		if (stored != null && !stored.noCache()) {
			long ttl = stored.ttl(now);
			if (ttl > 0 && satisfies(directives, stored, now)) {
				this.cache.record(HttpCacheOutcome.HIT);
				CacheStatus status = (remote != null && remote.lookup().hit())
						? CacheStatus.hit(this.cache.getName() + REDIS_SUFFIX)
							.ttl(ttl)
							.collapsed(collapsed)
							.then(CacheStatus.forward(this.cache.getName(), remote.localReason()).stored())
						: CacheStatus.hit(this.cache.getName()).ttl(ttl).collapsed(collapsed);
				return StoredResponseWriter.write(exchange.getResponse(), request, stored, now, status);
			}
			long maxStale = directives.has("max-stale") ? maxStale(directives) : -1;
			if (ttl <= 0 && maxStale >= 0 && stored.canServeStale(now, maxStale)) {
				this.cache.record(HttpCacheOutcome.STALE);
				return StoredResponseWriter.write(exchange.getResponse(), request, stored, now,
						CacheStatus.hit(this.cache.getName()).ttl(ttl).detail("max-stale"));
			}
			if (ttl <= 0 && stored.canServeWhileRevalidating(now)) {
				revalidateInBackground(exchange, chain, key, stored);
				this.cache.record(HttpCacheOutcome.STALE);
				return StoredResponseWriter.write(exchange.getResponse(), request, stored, now,
						CacheStatus.hit(this.cache.getName()).ttl(ttl).detail("stale-while-revalidate"));
			}
		}
		String reason = noCache ? "request"
				: (stored != null) ? "stale" : (variants != null) ? "vary-miss" : "uri-miss";
		RedisResponseTier tier = this.redisTier;
		boolean head = HttpMethod.HEAD.equals(request.getMethod());
		if (tier != null && remote == null && !noCache) {
			// the first miss of the key on this instance takes the cluster-wide fill lock
			// in the same round trip as the lookup
			boolean lock = !collapsed && !head && anonymous(request) && !this.inFlight.containsKey(key)
					&& this.uncacheable.getIfPresent(key) == null && !directives.has("only-if-cached");
			return tier.lookup(key, request.getHeaders(), lock, loopOf(request)).flatMap((found) -> {
				StoredResponse shared = found.stored();
				if (shared != null) {
					this.cache.store(key, shared, since);
				}
				Remote looked = new Remote(found, reason, new AtomicReference<>(found.lockToken()));
				// a lock the rest of the lookup did not take over (it found a local hit
				// after all) is released at the end
				return lookup(exchange, chain, collapsed, looked, since)
					.doFinally((signal) -> unlock(tier, key, looked.takeLock()));
			});
		}
		long fillStart = (remote != null) ? remote.lookup().time() : -1;
		String lockToken = (remote != null) ? remote.takeLock() : null;
		if (directives.has("only-if-cached")) {
			unlock(tier, key, lockToken);
			this.cache.record(HttpCacheOutcome.MISS);
			exchange.getResponse().setStatusCode(HttpStatus.GATEWAY_TIMEOUT);
			exchange.getResponse()
				.getHeaders()
				.set(CacheStatus.HEADER,
						CacheStatus.forward(this.cache.getName(), "miss").detail("only-if-cached").toString());
			return exchange.getResponse().setComplete();
		}
		if (collapsed || head || this.uncacheable.getIfPresent(key) != null) {
			return forward(exchange, chain,
					new Forward(key, request, stored, reason, !head, false, requestStaleIfError, since, () -> {
					}).sharedThrough(tier, fillStart, lockToken));
		}
		CompletableFuture<Void> mine = new CompletableFuture<>();
		CompletableFuture<Void> leader = this.inFlight.putIfAbsent(key, mine);
		if (leader != null) {
			unlock(tier, key, lockToken);
			return Mono.fromFuture(leader, true)
				.timeout(this.lockTimeout)
				.onErrorResume((ex) -> Mono.empty())
				.then(Mono.defer(() -> lookup(exchange, chain, true)));
		}
		if (tier == null || fillStart < 0 || !anonymous(request)) {
			return forward(exchange, chain, new Forward(key, request, stored, reason, true, false, requestStaleIfError,
					since, () -> release(key, mine))
				.sharedThrough(tier, fillStart, lockToken));
		}
		return coalesceAcrossInstances(exchange, chain, tier, key, stored, reason, requestStaleIfError, mine,
				new RedisResponseTier.Lookup(null, fillStart, lockToken, remote != null && remote.lookup().lockHeld()),
				since);
	}

	private static void unlock(@Nullable RedisResponseTier tier, HttpCacheKey key, @Nullable String lockToken) {
		if (tier != null && lockToken != null) {
			tier.unlock(key, lockToken);
		}
	}

	/**
	 * The first miss of its key on this instance: go to the origin as the holder of the
	 * key's fill lock in Redis (taken by the lookup, or now), or, when another instance
	 * holds it, wait for its fill (at most the tier's {@code coalesceWait}) and serve
	 * that, else go to the origin after all.
	 * @param exchange the exchange
	 * @param chain the rest of the chain
	 * @param tier the Redis tier
	 * @param key the primary key
	 * @param stored the local stale response, if any
	 * @param reason why the local tier missed
	 * @param requestStaleIfError the request's {@code stale-if-error}
	 * @param mine the local coalescing of this key, completed when this request is done
	 * @param missed the Redis lookup that missed
	 * @param since the local store's invalidation sequence when the lookup started
	 * @return completes when the response is written
	 */
	private Mono<Void> coalesceAcrossInstances(ServerWebExchange exchange, WebFilterChain chain, RedisResponseTier tier,
			HttpCacheKey key, @Nullable StoredResponse stored, String reason, long requestStaleIfError,
			CompletableFuture<Void> mine, RedisResponseTier.Lookup missed, long since) {
		ServerHttpRequest request = exchange.getRequest();
		long fillStart = missed.time();
		Mono<Void> toOrigin = Mono.defer(() -> forward(exchange, chain, new Forward(key, request, stored, reason, true,
				false, requestStaleIfError, since, () -> release(key, mine))
			.sharedThrough(tier, fillStart)));
		Mono<Optional<String>> lock;
		if (missed.lockToken() != null) {
			lock = Mono.just(Optional.of(missed.lockToken()));
		}
		else if (missed.lockHeld()) {
			lock = Mono.just(Optional.empty());
		}
		else {
			lock = tier.tryLock(key, loopOf(request)).map(Optional::of).defaultIfEmpty(Optional.empty());
		}
		return lock.flatMap((token) -> {
			if (token.isPresent()) {
				return forward(exchange, chain,
						new Forward(key, request, stored, reason, true, false, requestStaleIfError, since,
								() -> release(key, mine))
							.sharedThrough(tier, fillStart, token.get()));
			}
			return onRequestLoop(
					tier.awaitFill(key, request.getHeaders()).map(Optional::of).defaultIfEmpty(Optional.empty()),
					request)
				.flatMap((found) -> {
					if (found.isEmpty()) {
						return toOrigin;
					}
					StoredResponse shared = found.get().stored();
					if (shared != null) {
						this.cache.store(key, shared, since);
					}
					release(key, mine);
					return lookup(exchange, chain, true, new Remote(found.get(), reason, new AtomicReference<>()),
							since);
				});
		});
	}

	/**
	 * Return the event loop that serves a request, where the calls to Redis made for it
	 * answer.
	 * @param request the request
	 * @return the loop, or {@code null} when the request is not served by Reactor Netty
	 */
	private static @Nullable ScheduledExecutorService loopOf(ServerHttpRequest request) {
		Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		return (nativeRequest instanceof Connection connection) ? connection.channel().eventLoop() : null;
	}

	/**
	 * Go on, after a call to Redis, on the event loop that serves the request rather than
	 * on the thread that got Redis's answer, so that the application's handlers run where
	 * they always do.
	 * @param <T> the type of the result
	 * @param result the result of the call
	 * @param request the request
	 * @return the result, delivered on the request's event loop
	 */
	private static <T> Mono<T> onRequestLoop(Mono<T> result, ServerHttpRequest request) {
		ScheduledExecutorService loop = loopOf(request);
		return (loop != null) ? result.publishOn(Schedulers.fromExecutor(loop)) : result;
	}

	private static boolean anonymous(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		return !headers.containsHeader(HttpHeaders.AUTHORIZATION) && !headers.containsHeader(HttpHeaders.COOKIE);
	}

	private Mono<Void> forward(ServerWebExchange exchange, WebFilterChain chain, Forward forward) {
		CachingResponse response = new CachingResponse(exchange.getResponse(), forward, this.cache, this.policy,
				this.tagsHeader, this::uncacheable);
		ServerWebExchange forwarded = new ForwardedExchange(exchange, forwardedRequest(forward), response);
		return chain.filter(forwarded).onErrorResume((ex) -> {
			StoredResponse stored = forward.stored;
			long now = this.cache.now();
			if (stored == null || exchange.getResponse().isCommitted()
					|| !stored.canServeOnError(now, forward.requestStaleIfError)) {
				return Mono.error(ex);
			}
			this.cache.record(HttpCacheOutcome.STALE);
			return StoredResponseWriter.write(exchange.getResponse(), forward.request, stored, now,
					CacheStatus.forward(this.cache.getName(), forward.reason)
						.forwardStatus(500)
						.ttl(stored.ttl(now))
						.detail("stale-if-error"));
		}).doFinally((signal) -> forward.release());
	}

	private void revalidateInBackground(ServerWebExchange exchange, WebFilterChain chain, HttpCacheKey key,
			StoredResponse stored) {
		if (!this.revalidating.add(key)) {
			return;
		}
		Forward forward = new Forward(key, exchange.getRequest(), stored, "stale", true, true, -1,
				this.cache.invalidationSequence(), () -> this.revalidating.remove(key));
		DetachedResponse detached = new DetachedResponse(exchange.getResponse().bufferFactory());
		CachingResponse response = new CachingResponse(detached, forward, this.cache, this.policy, this.tagsHeader,
				this::uncacheable);
		ServerWebExchange revalidation = new ForwardedExchange(exchange, forwardedRequest(forward), response);
		RedisResponseTier tier = this.redisTier;
		Mono<Void> fillStart = (tier != null) ? tier.time().doOnNext((time) -> forward.sharedThrough(tier, time)).then()
				: Mono.empty();
		fillStart.then(Mono.defer(() -> chain.filter(revalidation)))
			.doFinally((signal) -> forward.release())
			.subscribe(null, (ex) -> logger.debug("Background revalidation of " + key + " failed", ex));
	}

	/**
	 * Return the request to forward: the client's own validators are replaced by those of
	 * the stored response, if any, so that the handler answers with a full response the
	 * cache can store or a {@code 304} that validates what it has.
	 * @param forward the forward
	 * @return the request to forward
	 */
	private static ServerHttpRequest forwardedRequest(Forward forward) {
		StoredResponse stored = forward.stored;
		boolean validate = stored != null && stored.hasValidators();
		if (!forward.store || (!validate && !Validators.hasConditions(forward.request.getHeaders()))) {
			return forward.request;
		}
		return forward.request.mutate().headers((headers) -> {
			headers.remove(HttpHeaders.IF_NONE_MATCH);
			headers.remove(HttpHeaders.IF_MODIFIED_SINCE);
			if (stored != null && stored.etag() != null) {
				headers.setIfNoneMatch(stored.etag());
			}
			else if (stored != null && stored.lastModified() >= 0) {
				headers.setIfModifiedSince(stored.lastModified());
			}
		}).build();
	}

	private static boolean satisfies(CacheDirectives directives, StoredResponse stored, long now) {
		long maxAge = directives.millis("max-age");
		long minFresh = directives.millis("min-fresh");
		return (maxAge < 0 || stored.age(now) <= maxAge) && (minFresh < 0 || stored.ttl(now) >= minFresh);
	}

	private static long maxStale(CacheDirectives directives) {
		String argument = directives.argument("max-stale");
		return (argument == null || argument.isEmpty()) ? Long.MAX_VALUE : directives.millis("max-stale");
	}

	private void invalidateTarget(ServerHttpRequest request, HttpHeaders responseHeaders) {
		HttpCacheKey target = HttpCacheKey.of(request);
		this.cache.invalidate(target);
		for (String header : List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_LOCATION)) {
			String location = responseHeaders.getFirst(header);
			if (location != null) {
				try {
					URI uri = request.getURI().resolve(location);
					String authority = uri.getRawAuthority();
					if (authority == null || authority.equalsIgnoreCase(request.getURI().getRawAuthority())) {
						this.cache.invalidate(target.withPath(HttpCacheKey.of(uri).path()));
					}
				}
				catch (IllegalArgumentException ex) {
					// not a URI: nothing to invalidate
				}
			}
		}
	}

	private void release(HttpCacheKey key, CompletableFuture<Void> mine) {
		this.inFlight.remove(key, mine);
		mine.complete(null);
	}

	/**
	 * Remember that a key's response could not be stored, if other requests were waiting
	 * for it: they run the handler themselves, and the next requests for the key do not
	 * wait either (Varnish's hit-for-miss). A key nobody waited for is not remembered,
	 * which spares the store a write for every request to an uncacheable URL.
	 * @param key the primary key
	 */
	private void uncacheable(HttpCacheKey key) {
		CompletableFuture<Void> current = this.inFlight.get(key);
		if (current != null && current.getNumberOfDependents() > 0) {
			this.uncacheable.put(key, Boolean.TRUE);
		}
	}

	/**
	 * Return whether a request asks to switch to WebSocket. Other upgrades, such as the
	 * {@code h2c} offer some HTTP/1.1 clients (the JDK's among them) add to every first
	 * request, are answered normally when the server declines them, so they are cached.
	 * @param headers the request header fields
	 * @return whether it is a WebSocket handshake
	 */
	private static boolean isWebSocketHandshake(HttpHeaders headers) {
		for (String protocol : headers.getValuesAsList(HttpHeaders.UPGRADE)) {
			if (protocol.regionMatches(true, 0, "websocket", 0, 9)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isError(@Nullable HttpStatusCode status) {
		return status != null && (status.is4xxClientError() || status.is5xxServerError());
	}

	/**
	 * Return the store this filter uses.
	 * @return the store
	 */
	public HttpResponseCache getCache() {
		return this.cache;
	}

	/**
	 * Spring's filter chain names a checkpoint after each filter on every request, from
	 * {@code toString()}; a constant spares building {@code Object.toString()}'s string
	 * each time.
	 * @return a fixed description
	 */
	@Override
	public String toString() {
		return "HttpCacheWebFilter";
	}

	/**
	 * What the Redis tier found, and why the local tier missed.
	 *
	 * @param lookup the tier's result
	 * @param localReason the {@code fwd} reason of the local tier
	 * @param lock the token of the fill lock the lookup took, until the request takes it
	 * over
	 */
	private record Remote(RedisResponseTier.Lookup lookup, String localReason, AtomicReference<@Nullable String> lock) {

		/**
		 * Take over the fill lock the lookup took, once.
		 * @return its token, or {@code null}
		 */
		@Nullable String takeLock() {
			return this.lock.getAndSet(null);
		}

	}

}
