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

package dev.reuseport.cache.spring;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.SharedCacheWeigher;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SharedSpringCache}, the Spring {@link Cache} adapter, without a
 * server.
 *
 * @author reuseport team
 */
class SharedSpringCacheTests {

	private final SharedCache sharedCache = new SharedCache("test", DataSize.ofKilobytes(64), DataSize.ofKilobytes(8),
			null, SharedCacheWeigher.estimating());

	private final Cache prices = new SharedSpringCache("prices", this.sharedCache);

	private final Cache stock = new SharedSpringCache("stock", this.sharedCache);

	@Test
	void putAndGetUnderKeysScopedByTheCacheName() {
		this.prices.put("p1", "10");
		assertThat(this.prices.get("p1", String.class)).isEqualTo("10");
		assertThat(this.stock.get("p1")).isNull();
	}

	@Test
	void storesNullValues() {
		this.prices.put("p1", null);
		assertThat(this.prices.get("p1")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
	}

	@Test
	void valueLoaderRunsOnceAndItsFailureIsAValueRetrievalException() {
		AtomicInteger loads = new AtomicInteger();
		assertThat(this.prices.get("p1", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(this.prices.get("p1", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThatExceptionOfType(Cache.ValueRetrievalException.class).isThrownBy(() -> this.prices.get("p2", () -> {
			throw new IllegalStateException("down");
		}));
		assertThat(this.prices.get("p2")).isNull();
	}

	@Test
	void retrieveWithALoaderServesReactiveCacheable() {
		CompletableFuture<String> first = this.prices.retrieve("p1", () -> CompletableFuture.completedFuture("10"));
		assertThat(first.join()).isEqualTo("10");
		assertThat(this.prices.retrieve("p1")).isNotNull()
			.satisfies((future) -> assertThat(((Cache.ValueWrapper) future.join()).get()).isEqualTo("10"));
		assertThat(this.prices.retrieve("missing")).isNull();
	}

	@Test
	void evictRemovesOneKeyAndClearOnlyItsOwnCache() {
		this.prices.put("p1", "10");
		this.prices.put("p2", "20");
		this.stock.put("p1", "3");
		this.prices.evict("p1");
		assertThat(this.prices.get("p1")).isNull();
		assertThat(this.prices.get("p2", String.class)).isEqualTo("20");
		this.prices.clear();
		assertThat(this.prices.get("p2")).isNull();
		assertThat(this.stock.get("p1", String.class)).isEqualTo("3");
	}

}
