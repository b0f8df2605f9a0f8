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

import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Writes a stored response, or a {@code 304} when the request's own conditions (RFC 9110
 * section 13) say the client already has it.
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class StoredResponseWriter {

	/**
	 * Header fields a {@code 304} carries (RFC 9110 section 15.4.5).
	 */
	private static final Set<String> NOT_MODIFIED_HEADERS = Set.of("cache-control", "content-location", "date", "etag",
			"expires", "vary", "last-modified");

	private StoredResponseWriter() {
	}

	static Mono<Void> write(ServerHttpResponse target, ServerHttpRequest request, StoredResponse stored, long now,
			CacheStatus cacheStatus) {
		boolean notModified = writeHeaders(target.getHeaders(), request.getHeaders(), stored, now, cacheStatus);
		if (notModified) {
			target.setStatusCode(HttpStatus.NOT_MODIFIED);
			return target.setComplete();
		}
		target.setStatusCode(HttpStatusCode.valueOf(stored.status()));
		if (HttpMethod.HEAD.equals(request.getMethod())) {
			return target.setComplete();
		}
		return target.writeWith(Mono.fromSupplier(() -> target.bufferFactory().wrap(stored.body())));
	}

	/**
	 * Write the header fields of a stored response, or of the {@code 304} that answers it
	 * when the request's conditions say the client has it.
	 * @param target the response's header fields, cleared of content fields first
	 * @param request the request's header fields
	 * @param stored the stored response
	 * @param now the time in epoch milliseconds
	 * @param cacheStatus the {@code Cache-Status} to send
	 * @return whether the answer is a {@code 304}
	 */
	static boolean writeHeaders(HttpHeaders target, HttpHeaders request, StoredResponse stored, long now,
			CacheStatus cacheStatus) {
		boolean notModified = stored.status() == 200
				&& Validators.notModified(request, stored.etag(), stored.lastModified());
		target.clearContentHeaders();
		stored.headers().writeTo(target, notModified ? NOT_MODIFIED_HEADERS : null);
		target.remove(CacheDirectives.REUSEPORT_CACHE_CONTROL);
		target.set("Age", Long.toString(stored.age(now) / 1000));
		target.set(CacheStatus.HEADER, cacheStatus.toString());
		if (!notModified) {
			target.setContentLength(stored.body().length);
		}
		return notModified;
	}

}
