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
import java.util.List;
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
 * The tags header and {@code Reuseport-Cache-Control} never reach the client.
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
		return Mono
			.defer(() -> this.decided.compareAndSet(false, true) ? respond(body) : getDelegate().writeWith(body));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return Mono.defer(() -> {
			if (this.decided.compareAndSet(false, true)) {
				Forward.removeTags(getHeaders(), this.tagsHeader);
				getHeaders().remove(CacheDirectives.REUSEPORT_CACHE_CONTROL);
				passThrough("streaming");
			}
			return getDelegate().writeAndFlushWith(body);
		});
	}

	@Override
	public Mono<Void> setComplete() {
		return Mono
			.defer(() -> this.decided.compareAndSet(false, true) ? respond(Mono.empty()) : getDelegate().setComplete());
	}

	private Mono<Void> respond(Publisher<? extends DataBuffer> body) {
		int status = status();
		HttpHeaders headers = getHeaders();
		Set<String> tags = Forward.removeTags(headers, this.tagsHeader);
		List<String> own = headers.remove(CacheDirectives.REUSEPORT_CACHE_CONTROL);
		long now = this.cache.now();
		StoredResponse stored = this.forward.stored;
		if (stored != null && status == HttpStatus.NOT_MODIFIED.value()) {
			StoredResponse freshened = this.policy.freshen(stored, headers, own, now);
			if (this.cache.store(this.forward.key, freshened, this.forward.invalidationsAtStart)) {
				this.forward.share(freshened);
			}
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
		CacheDirectives targeted = (own != null) ? CacheDirectives.targeted(own) : null;
		CacheDirectives directives = (targeted != null) ? targeted : CacheDirectives.ofResponse(headers);
		String notStorable = this.forward.store
				? this.policy.notStorable(this.forward.request, status, headers, directives, now) : "request";
		if (notStorable != null) {
			passThrough(notStorable);
			return getDelegate().writeWith(body);
		}
		StoredResponse pending = this.policy.store(this.forward.request, status, getDelegate(), directives, own, tags,
				now);
		long length = headers.getContentLength();
		CacheStatus cacheStatus = CacheStatus.forward(this.cache.getName(), this.forward.reason).forwardStatus(status);
		headers.set(CacheStatus.HEADER,
				((length >= 0 && length <= this.cache.getMaxEntrySize()) ? cacheStatus.stored() : cacheStatus)
					.toString());
		BodyCopy copy = new BodyCopy(this.cache.getMaxEntrySize());
		Publisher<? extends DataBuffer> copied = copying(body, copy, () -> store(pending, copy));
		if (pending.status() == 200
				&& Validators.notModified(this.forward.request.getHeaders(), pending.etag(), pending.lastModified())) {
			getDelegate().setStatusCode(HttpStatus.NOT_MODIFIED);
			headers.clearContentHeaders();
			return discard(copied).then(getDelegate().setComplete());
		}
		return getDelegate().writeWith(copied);
	}

	private void store(StoredResponse pending, BodyCopy copy) {
		byte[] body = copy.toByteArray();
		StoredResponse response = (body != null) ? pending.withBody(body) : null;
		if (response == null || !this.cache.store(this.forward.key, response, this.forward.invalidationsAtStart)) {
			this.uncacheable.accept(this.forward.key);
			return;
		}
		this.forward.share(response);
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

	/**
	 * Return the body with a copy taken as it passes. A {@link Mono} stays a
	 * {@code Mono}, so that the server writes it with its single-buffer fast path (one
	 * write and flush of header fields and body) instead of as a stream.
	 * @param body the body
	 * @param copy receives the copy
	 * @param complete called once the body is written
	 * @return the body to write
	 */
	private Publisher<? extends DataBuffer> copying(Publisher<? extends DataBuffer> body, BodyCopy copy,
			Runnable complete) {
		if (body instanceof Mono<? extends DataBuffer> mono) {
			return mono.doOnNext(copy::append)
				.doOnSuccess((buffer) -> complete.run())
				.doFinally((signal) -> this.forward.release());
		}
		return Flux.from(body)
			.doOnNext(copy::append)
			.doOnComplete(complete)
			.doFinally((signal) -> this.forward.release());
	}

	private static Mono<Void> discard(Publisher<? extends DataBuffer> body) {
		return Flux.from(body).doOnNext(DataBufferUtils::release).then();
	}

	/**
	 * A copy of a body, given up once it grows past a limit. A body of one buffer, the
	 * usual case, is copied once.
	 */
	private static final class BodyCopy {

		private static final byte[] EMPTY = {};

		private final long limit;

		private byte @Nullable [] first;

		private @Nullable ByteArrayOutputStream more;

		private long size;

		BodyCopy(long limit) {
			this.limit = limit;
		}

		void append(DataBuffer buffer) {
			int length = buffer.readableByteCount();
			this.size += length;
			if (this.size > this.limit) {
				this.first = null;
				this.more = null;
				return;
			}
			byte[] chunk = new byte[length];
			buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(chunk), 0, length);
			if (this.first == null && this.more == null) {
				this.first = chunk;
				return;
			}
			if (this.more == null) {
				this.more = new ByteArrayOutputStream();
				this.more.writeBytes(this.first);
				this.first = null;
			}
			this.more.writeBytes(chunk);
		}

		byte @Nullable [] toByteArray() {
			if (this.size > this.limit) {
				return null;
			}
			if (this.more != null) {
				return this.more.toByteArray();
			}
			return (this.first != null) ? this.first : EMPTY;
		}

	}

}
