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

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;

/**
 * The exchange a forwarded request runs in: the forwarded request, whose conditional
 * header fields are the cache's, and the {@link CachingResponse}. Its
 * {@code checkNotModified} methods answer for the forwarded request, not for the client's
 * one, so that a handler that validates with them answers the cache.
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class ForwardedExchange extends ServerWebExchangeDecorator {

	private final ServerHttpRequest request;

	private final ServerHttpResponse response;

	private boolean notModified;

	ForwardedExchange(ServerWebExchange delegate, ServerHttpRequest request, ServerHttpResponse response) {
		super(delegate);
		this.request = request;
		this.response = response;
	}

	@Override
	public ServerHttpRequest getRequest() {
		return this.request;
	}

	@Override
	public ServerHttpResponse getResponse() {
		return this.response;
	}

	@Override
	public boolean isNotModified() {
		return this.notModified;
	}

	@Override
	public boolean checkNotModified(Instant lastModified) {
		return checkNotModified(null, lastModified);
	}

	@Override
	public boolean checkNotModified(String etag) {
		return checkNotModified(etag, Instant.MIN);
	}

	@Override
	public boolean checkNotModified(@Nullable String etag, Instant lastModified) {
		String quoted = (etag != null && !etag.isEmpty()) ? Validators.quoted(etag) : null;
		boolean known = lastModified.isAfter(Instant.EPOCH);
		if (quoted != null) {
			this.response.getHeaders().setETag(quoted);
		}
		if (known) {
			this.response.getHeaders().setLastModified(lastModified);
		}
		if (!this.notModified && Validators.hasConditions(this.request.getHeaders())) {
			this.notModified = Validators.notModified(this.request.getHeaders(), quoted,
					known ? lastModified.toEpochMilli() : -1);
			if (this.notModified) {
				this.response.setStatusCode(HttpStatus.NOT_MODIFIED);
			}
		}
		return this.notModified;
	}

}
