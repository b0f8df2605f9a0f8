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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * The response of a {@link Forward forwarded} request. When the handler starts writing it
 * decides, from the status and header fields, what the client gets and what the cache
 * keeps:
 * <ul>
 * <li>a {@code 304} to a revalidation freshens the stored response, which is sent;</li>
 * <li>a {@code 5xx} within the stored response's {@code stale-if-error} sends the stored
 * response;</li>
 * <li>a storable response streams through to the client while a copy of its body, up to
 * the maximum entry size, is stored when it completes;</li>
 * <li>anything else streams through untouched.</li>
 * </ul>
 * The tags header never reaches the client.
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class CachingResponse extends ServerHttpResponseDecorator {

	private final Forward forward;

	private final HttpResponseCache cache;

	private final HttpCachePolicy policy;

	private final String tagsHeader;

	private final Consumer<HttpCacheKey> uncacheable;

	private final AtomicBoolean decided = new AtomicBoolean();

	CachingResponse(ServerHttpResponse delegate, Forward forward, HttpResponseCache cache, HttpCachePolicy policy,
			String tagsHeader, Consumer<HttpCacheKey> uncacheable) {
		super(delegate);
		this.forward = forward;
		this.cache = cache;
		this.policy = policy;
		this.tagsHeader = tagsHeader;
		this.uncacheable = uncacheable;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		return Mono.defer(() -> this.decided.compareAndSet(false, true) ? respond(Flux.from(body))
				: getDelegate().writeWith(body));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return Mono.defer(() -> {
			if (this.decided.compareAndSet(false, true)) {
				Forward.removeTags(getHeaders(), this.tagsHeader);
				passThrough("streaming");
			}
			return getDelegate().writeAndFlushWith(body);
		});
	}

	@Override
	public Mono<Void> setComplete() {
		return Mono
			.defer(() -> this.decided.compareAndSet(false, true) ? respond(Flux.empty()) : getDelegate().setComplete());
	}

	private Mono<Void> respond(Flux<? extends DataBuffer> body) {
		int status = status();
		HttpHeaders headers = getHeaders();
		Set<String> tags = Forward.removeTags(headers, this.tagsHeader);
		long now = System.currentTimeMillis();
		StoredResponse stored = this.forward.stored;
		if (stored != null && status == HttpStatus.NOT_MODIFIED.value()) {
			StoredResponse freshened = this.policy.freshen(stored, headers, now);
			this.cache.store(this.forward.key, freshened);
			this.forward.release();
			record(HttpCacheOutcome.REVALIDATED);
			return discard(body).then(StoredResponseWriter.write(getDelegate(), this.forward.request, freshened, now,
					CacheStatus.forward(this.cache.getName(), this.forward.reason)
						.forwardStatus(status)
						.stored()
						.ttl(freshened.ttl(now))));
		}
		if (stored != null && status >= 500 && stored.canServeOnError(now, this.forward.requestStaleIfError)) {
			this.forward.release();
			record(HttpCacheOutcome.STALE);
			return discard(body).then(StoredResponseWriter.write(getDelegate(), this.forward.request, stored, now,
					CacheStatus.forward(this.cache.getName(), this.forward.reason)
						.forwardStatus(status)
						.ttl(stored.ttl(now))
						.detail("stale-if-error")));
		}
		record(this.forward.store ? HttpCacheOutcome.MISS : HttpCacheOutcome.BYPASS);
		String notStorable = this.forward.store ? this.policy.notStorable(this.forward.request, status, headers)
				: "request";
		if (notStorable != null) {
			passThrough(notStorable);
			return getDelegate().writeWith(body);
		}
		HttpHeaders received = HttpHeaders.copyOf(headers);
		long length = headers.getContentLength();
		CacheStatus cacheStatus = CacheStatus.forward(this.cache.getName(), this.forward.reason).forwardStatus(status);
		headers.set(CacheStatus.HEADER,
				((length >= 0 && length <= this.cache.getMaxEntrySize()) ? cacheStatus.stored() : cacheStatus)
					.toString());
		BodyCopy copy = new BodyCopy(this.cache.getMaxEntrySize());
		Flux<? extends DataBuffer> copied = body.doOnNext(copy::append)
			.doOnComplete(() -> store(status, received, copy, tags, now))
			.doFinally((signal) -> this.forward.release());
		if (StoredResponseWriter.notModified(this.forward.request, status, received)) {
			getDelegate().setStatusCode(HttpStatus.NOT_MODIFIED);
			headers.clearContentHeaders();
			return discard(copied).then(getDelegate().setComplete());
		}
		return getDelegate().writeWith(copied);
	}

	private void store(int status, HttpHeaders received, BodyCopy copy, Set<String> tags, long now) {
		byte[] body = copy.toByteArray();
		if (body == null || !this.cache.store(this.forward.key,
				this.policy.store(this.forward.request, status, received, body, tags, now))) {
			this.uncacheable.accept(this.forward.key);
		}
	}

	private void passThrough(String reason) {
		if (this.forward.store) {
			this.uncacheable.accept(this.forward.key);
		}
		this.forward.release();
		getHeaders().set(CacheStatus.HEADER,
				CacheStatus.forward(this.cache.getName(), this.forward.reason)
					.forwardStatus(status())
					.detail(reason)
					.toString());
	}

	private void record(HttpCacheOutcome outcome) {
		if (!this.forward.background) {
			this.cache.record(outcome);
		}
	}

	private int status() {
		HttpStatusCode status = getStatusCode();
		return (status != null) ? status.value() : 200;
	}

	private static Mono<Void> discard(Flux<? extends DataBuffer> body) {
		return body.doOnNext(DataBufferUtils::release).then();
	}

	/**
	 * A copy of a body, given up once it grows past a limit.
	 */
	private static final class BodyCopy {

		private final long limit;

		private @Nullable ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		BodyCopy(long limit) {
			this.limit = limit;
		}

		void append(DataBuffer buffer) {
			ByteArrayOutputStream target = this.bytes;
			int length = buffer.readableByteCount();
			if (target == null) {
				return;
			}
			if (target.size() + (long) length > this.limit) {
				this.bytes = null;
				return;
			}
			byte[] chunk = new byte[length];
			buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(chunk), 0, length);
			target.writeBytes(chunk);
		}

		byte @Nullable [] toByteArray() {
			return (this.bytes != null) ? this.bytes.toByteArray() : null;
		}

	}

}
