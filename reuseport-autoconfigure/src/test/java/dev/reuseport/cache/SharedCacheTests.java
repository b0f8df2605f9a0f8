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

package dev.reuseport.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SharedCache}.
 *
 * @author reuseport team
 */
class SharedCacheTests {

	private final SharedCache cache = new SharedCache("test", DataSize.ofKilobytes(64), DataSize.ofKilobytes(8), null,
			SharedCacheWeigher.estimating());

	@Test
	void concurrentCallersShareOneLoad() {
		AtomicInteger loads = new AtomicInteger();
		Sinks.One<String> value = Sinks.one();
		List<Mono<String>> callers = Flux.range(0, 50).map((i) -> this.cache.<String>get("key", () -> {
			loads.incrementAndGet();
			return value.asMono();
		})).collectList().block();
		List<String> results = Flux.merge(callers).collectList().doOnSubscribe((s) -> value.tryEmitValue("v")).block();
		assertThat(results).hasSize(50).containsOnly("v");
		assertThat(loads).hasValue(1);
		assertThat(this.cache.getStats().hitCount()).isEqualTo(49);
	}

	@Test
	void loadedValueIsServedWithoutLoadingAgain() {
		AtomicInteger loads = new AtomicInteger();
		for (int i = 0; i < 3; i++) {
			assertThat(this.cache.get("key", () -> Mono.fromCallable(() -> "v" + loads.incrementAndGet())).block())
				.isEqualTo("v1");
		}
		assertThat(this.cache.<String>getIfPresent("key").block()).isEqualTo("v1");
	}

	@Test
	void failedLoadIsNotCached() {
		AtomicInteger loads = new AtomicInteger();
		assertThatIllegalStateException().isThrownBy(() -> this.cache.get("key", () -> {
			loads.incrementAndGet();
			return Mono.error(new IllegalStateException("boom"));
		}).block());
		assertThat(this.cache.getIfPresent("key").block()).isNull();
		assertThat(this.cache.get("key", () -> Mono.just("v" + loads.incrementAndGet())).block()).isEqualTo("v2");
	}

	@Test
	void loaderThatThrowsFailsTheCallerAndIsNotCached() {
		assertThatIllegalStateException().isThrownBy(() -> this.cache.<String>get("key", () -> {
			throw new IllegalStateException("boom");
		}).block());
		assertThat(this.cache.get("key", () -> Mono.just("v")).block()).isEqualTo("v");
	}

	@Test
	void emptyLoadIsNotCached() {
		assertThat(this.cache.get("key", Mono::<String>empty).block()).isNull();
		assertThat(this.cache.getEntries()).isZero();
		assertThat(this.cache.get("key", () -> Mono.just("v")).block()).isEqualTo("v");
	}

	@Test
	void cancelledCallerDoesNotCancelTheLoadForOthers() {
		AtomicInteger cancelled = new AtomicInteger();
		Sinks.One<String> value = Sinks.one();
		Mono<String> first = this.cache.get("key", () -> value.asMono().doOnCancel(cancelled::incrementAndGet));
		Mono<String> second = this.cache.get("key", () -> Mono.just("other"));
		Disposable subscription = first.subscribe();
		subscription.dispose();
		value.tryEmitValue("v");
		assertThat(second.block(Duration.ofSeconds(5))).isEqualTo("v");
		assertThat(cancelled).hasValue(0);
		assertThat(this.cache.getIfPresent("key").block()).isEqualTo("v");
	}

	@Test
	void entryExpiresAfterItsOwnTimeToLive() {
		this.cache.put("short", "a", Duration.ofMillis(100));
		this.cache.put("long", "b", Duration.ofMinutes(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getIfPresent("short").block() == null);
		assertThat(this.cache.getIfPresent("long").block()).isEqualTo("b");
	}

	@Test
	void loadWithTimeToLiveExpires() {
		this.cache.get("key", Duration.ofMillis(100), () -> Mono.just("v")).block();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getIfPresent("key").block() == null);
	}

	@Test
	void defaultTimeToLiveApplies() {
		SharedCache expiring = new SharedCache("test", DataSize.ofKilobytes(64), DataSize.ofKilobytes(8),
				Duration.ofMillis(100), SharedCacheWeigher.estimating());
		expiring.put("key", "v");
		await().atMost(Duration.ofSeconds(5)).until(() -> expiring.getIfPresent("key").block() == null);
	}

	@Test
	void entriesAreEvictedToStayWithinTheByteBudget() {
		byte[] fourKilobytes = new byte[4096];
		for (int i = 0; i < 64; i++) {
			this.cache.put("key-" + i, fourKilobytes.clone());
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getSize() <= 64 * 1024);
		assertThat(this.cache.getEntries()).isBetween(1L, 16L);
		assertThat(this.cache.getStats().evictionCount()).isGreaterThanOrEqualTo(48);
	}

	@Test
	void valueBiggerThanTheEntryLimitIsReturnedButNotKept() {
		AtomicInteger loads = new AtomicInteger();
		byte[] big = new byte[9 * 1024];
		for (int i = 0; i < 2; i++) {
			assertThat(this.cache.get("key", () -> {
				loads.incrementAndGet();
				return Mono.just(big);
			}).block()).isSameAs(big);
		}
		assertThat(loads).hasValue(2);
		assertThat(this.cache.getSize()).isZero();
	}

	@Test
	void putOfValueBiggerThanTheEntryLimitRemovesTheOldValue() {
		this.cache.put("key", "small");
		this.cache.put("key", new byte[9 * 1024]);
		assertThat(this.cache.getIfPresent("key").block()).isNull();
	}

	@Test
	void sizeIsEstimatedFromTheValue() {
		this.cache.put("key", new byte[1000]);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getSize() > 0);
		assertThat(this.cache.getSize()).isBetween(1000L, 1200L);
	}

	@Test
	void invalidateIfRemovesMatchingKeys() {
		this.cache.put("a-1", "v");
		this.cache.put("a-2", "v");
		this.cache.put("b-1", "v");
		this.cache.invalidateIf((key) -> key.toString().startsWith("a-"));
		assertThat(this.cache.getIfPresent("a-1").block()).isNull();
		assertThat(this.cache.getIfPresent("b-1").block()).isEqualTo("v");
	}

	@Test
	void nonPositiveMaxSizeIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SharedCache("test", DataSize.ofBytes(0), DataSize.ofKilobytes(1), null,
					SharedCacheWeigher.estimating()))
			.withMessage("'maxSize' must be positive");
	}

}
