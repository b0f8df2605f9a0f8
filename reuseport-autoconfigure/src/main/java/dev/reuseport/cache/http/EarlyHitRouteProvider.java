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

import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Serves fresh hits of the {@link HttpResponseCache} in the server's pipeline, as a
 * Reactor Netty route in front of the application: before Spring's adapter, the exchange
 * and every {@code WebFilter}, Spring Security included. Only requests that the
 * application would answer the same for everyone take this path:
 * <ul>
 * <li>a {@code GET} or {@code HEAD} in origin form, without {@code Authorization},
 * {@code Cookie}, {@code Cache-Control}, {@code Pragma}, {@code Upgrade} or
 * {@code Range};</li>
 * <li>answered by a fresh stored response whose {@code Vary} values match, that was
 * stored for a request without {@code Authorization} and {@code Cookie}, and that is not
 * {@code no-cache}.</li>
 * </ul>
 * It is written as the filter writes a hit: the same status, header fields, {@code Age},
 * {@code Cache-Status}, and a {@code 304} for a request whose {@code If-None-Match} or
 * {@code If-Modified-Since} says the client has it; compression, keep-alive and draining
 * are the server's own. Everything else goes on to the application.
 * <p>
 * The key is the target the application would see: the scheme, host and port Reactor
 * Netty resolved for the request (after its own forwarded header handling, with
 * {@code server.forward-headers-strategy=native}) and its forwarded prefix. With Spring's
 * {@link ForwardedHeaderTransformer} ({@code framework}), which rewrites the target only
 * after this route, a request that carries forwarded header fields goes on to the
 * application and its filter.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class EarlyHitRouteProvider implements NettyRouteProvider {

	/**
	 * The hit a route's condition found, for its handler, which Reactor Netty calls right
	 * after on the same thread.
	 */
	private static final ThreadLocal<@Nullable Hit> FOUND = new ThreadLocal<>();

	/**
	 * The header fields Spring's {@link ForwardedHeaderTransformer} reads.
	 */
	private static final List<AsciiString> FORWARDED = List.of(AsciiString.cached("forwarded"),
			AsciiString.cached("x-forwarded-host"), AsciiString.cached("x-forwarded-port"),
			AsciiString.cached("x-forwarded-proto"), AsciiString.cached("x-forwarded-prefix"),
			AsciiString.cached("x-forwarded-ssl"), AsciiString.cached("x-forwarded-for"));

	private final HttpResponseCache cache;

	private final boolean springForwarded;

	/**
	 * Create a new instance for an application without Spring's forwarded header
	 * handling.
	 * @param cache the store the application's cache filter writes to
	 */
	public EarlyHitRouteProvider(HttpResponseCache cache) {
		this(cache, false);
	}

	/**
	 * Create a new instance.
	 * @param cache the store the application's cache filter writes to
	 * @param springForwarded whether the application applies forwarded header fields with
	 * a {@link ForwardedHeaderTransformer} ({@code removeOnly} off)
	 */
	public EarlyHitRouteProvider(HttpResponseCache cache, boolean springForwarded) {
		this.cache = cache;
		this.springForwarded = springForwarded;
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route(this::found, this::serve);
	}

	private boolean found(HttpServerRequest request) {
		HttpMethod method = request.method();
		if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
			return false;
		}
		String target = request.uri();
		io.netty.handler.codec.http.HttpHeaders headers = request.requestHeaders();
		if (target.isEmpty() || target.charAt(0) != '/' || headers.contains(HttpHeaderNames.AUTHORIZATION)
				|| headers.contains(HttpHeaderNames.COOKIE) || headers.contains(HttpHeaderNames.CACHE_CONTROL)
				|| headers.contains(HttpHeaderNames.PRAGMA) || headers.contains(HttpHeaderNames.UPGRADE)
				|| headers.contains(HttpHeaderNames.RANGE) || (this.springForwarded && forwarded(headers))) {
			return false;
		}
		String prefix = request.forwardedPrefix();
		HttpResponseCache.Variants variants = this.cache.variants(HttpCacheKey.of(request.scheme(), request.hostName(),
				request.hostPort(), (prefix != null) ? prefix + target : target));
		if (variants == null) {
			return false;
		}
		HttpHeaders requestHeaders = new HttpHeaders(new Netty4HeadersAdapter(headers));
		StoredResponse stored = variants.match(requestHeaders);
		if (stored == null || !stored.anonymous() || stored.noCache()) {
			return false;
		}
		long now = this.cache.now();
		long ttl = stored.ttl(now);
		if (ttl <= 0) {
			return false;
		}
		FOUND.set(new Hit(stored, requestHeaders, now, ttl));
		return true;
	}

	private static boolean forwarded(io.netty.handler.codec.http.HttpHeaders headers) {
		for (AsciiString name : FORWARDED) {
			if (headers.contains(name)) {
				return true;
			}
		}
		return false;
	}

	private Publisher<Void> serve(HttpServerRequest request, HttpServerResponse response) {
		Hit hit = FOUND.get();
		FOUND.remove();
		if (hit == null) {
			return Mono.error(new IllegalStateException("Early hit route without a hit"));
		}
		this.cache.recordEarlyHit();
		StoredResponse stored = hit.stored();
		HttpHeaders headers = new HttpHeaders(new Netty4HeadersAdapter(response.responseHeaders()));
		boolean notModified = StoredResponseWriter.writeHeaders(headers, hit.requestHeaders(), stored, hit.now(),
				CacheStatus.hit(this.cache.getName()).ttl(hit.ttl()));
		if (notModified) {
			return response.status(HttpResponseStatus.NOT_MODIFIED).send();
		}
		response.status(stored.status());
		if (HttpMethod.HEAD.equals(request.method())) {
			return response.send();
		}
		return response.send(Mono.just(Unpooled.wrappedBuffer(stored.body())));
	}

	private record Hit(StoredResponse stored, HttpHeaders requestHeaders, long now, long ttl) {

	}

}
