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

package dev.reuseport.offload.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import dev.reuseport.offload.OffloadUnavailableException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers an {@link OffloadUnavailableException} (also when wrapped, as Reactor wraps
 * rejections) with {@code 503 Service Unavailable}, a {@code Retry-After} header and a
 * short RFC 9457 problem body that says why. Ordered before Spring Boot's error handler;
 * an {@code @ExceptionHandler} of the application still wins for annotated controllers,
 * and a bean of this type replaces the auto-configured one.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class OffloadUnavailableWebExceptionHandler implements WebExceptionHandler, Ordered {

	/**
	 * The order: before Spring Boot's {@code ErrorWebExceptionHandler} (-1).
	 */
	public static final int ORDER = -2;

	private final long retryAfterSeconds;

	/**
	 * Create a new instance.
	 * @param retryAfter the {@code Retry-After} to send, rounded up to seconds; zero
	 * sends none
	 */
	public OffloadUnavailableWebExceptionHandler(Duration retryAfter) {
		long seconds = retryAfter.toSeconds();
		this.retryAfterSeconds = (retryAfter.toNanosPart() > 0) ? seconds + 1 : seconds;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		OffloadUnavailableException unavailable = find(ex);
		ServerHttpResponse response = exchange.getResponse();
		if (unavailable == null || response.isCommitted()) {
			return Mono.error(ex);
		}
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		HttpHeaders headers = response.getHeaders();
		if (this.retryAfterSeconds > 0) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		}
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] body = problem(unavailable, exchange.getRequest().getPath().value()).getBytes(StandardCharsets.UTF_8);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	private static @Nullable OffloadUnavailableException find(Throwable ex) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof OffloadUnavailableException unavailable) {
				return unavailable;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

	private static String problem(OffloadUnavailableException ex, String path) {
		return "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\""
				+ json(String.valueOf(ex.getMessage())) + "\",\"reason\":\""
				+ ex.getReason().name().toLowerCase(java.util.Locale.ROOT) + "\",\"instance\":\"" + json(path) + "\"}";
	}

	private static String json(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> escaped.append("\\\"");
				case '\\' -> escaped.append("\\\\");
				default -> {
					if (c < 0x20) {
						escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
