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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.reuseport.cache.http.HttpResponseCache;
import dev.reuseport.cache.spring.SharedCacheManager;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link CacheInvalidationListener listeners} of {@link SharedCache} and
 * {@link HttpResponseCache}: what each cache reports, and that what it applies for
 * another instance is not reported again.
 *
 * @author reuseport team
 */
class CacheInvalidationListenerTests {

	private final SharedCache sharedCache = new SharedCache("test", DataSize.ofKilobytes(64), DataSize.ofKilobytes(8),
			null, SharedCacheWeigher.estimating());

	private final HttpResponseCache httpResponseCache = new HttpResponseCache("test", DataSize.ofKilobytes(64),
			DataSize.ofKilobytes(8));

	private final List<CacheInvalidation> reported = new CopyOnWriteArrayList<>();

	CacheInvalidationListenerTests() {
		this.sharedCache.addInvalidationListener(this.reported::add);
		this.httpResponseCache.addInvalidationListener(this.reported::add);
	}

	@Test
	void sharedCacheReportsInvalidationsAndReplacedValues() {
		this.sharedCache.put("k", "v");
		this.sharedCache.invalidate("k");
		this.sharedCache.invalidateScope("prices");
		this.sharedCache.invalidateAll();
		assertThat(this.reported).containsExactly(new CacheInvalidation.SharedKey("k"),
				new CacheInvalidation.SharedKey("k"), new CacheInvalidation.SharedScope("prices"),
				new CacheInvalidation.SharedAll());
	}

	@Test
	void sharedCacheDoesNotReportLoadsNorPredicates() {
		this.sharedCache.get("k", () -> Mono.just("v")).block();
		this.sharedCache.invalidateIf((key) -> true);
		assertThat(this.reported).isEmpty();
	}

	@Test
	void sharedCacheAppliesWithoutReporting() {
		this.sharedCache.put("a", "1");
		this.sharedCache.put(new ScopedKey("prices", "p1"), "2");
		this.sharedCache.put(new ScopedKey("stock", "p1"), "3");
		this.reported.clear();
		assertThat(this.sharedCache.apply(new CacheInvalidation.SharedKey("a"))).isTrue();
		assertThat(this.sharedCache.apply(new CacheInvalidation.SharedScope("prices"))).isTrue();
		assertThat(this.sharedCache.apply(new CacheInvalidation.HttpAll())).isFalse();
		assertThat(this.sharedCache.getFutureIfPresent("a")).isNull();
		assertThat(this.sharedCache.getFutureIfPresent(new ScopedKey("prices", "p1"))).isNull();
		assertThat(this.sharedCache.getFutureIfPresent(new ScopedKey("stock", "p1"))).isNotNull();
		assertThat(this.reported).isEmpty();
	}

	@Test
	void springCacheEvictAndClearAreReportedAsKeyAndScope() {
		org.springframework.cache.Cache prices = new SharedCacheManager(this.sharedCache).getCache("prices");
		prices.put("p1", "10");
		prices.evict("p1");
		prices.clear();
		assertThat(this.reported).containsExactly(new CacheInvalidation.SharedKey(new ScopedKey("prices", "p1")),
				new CacheInvalidation.SharedKey(new ScopedKey("prices", "p1")),
				new CacheInvalidation.SharedScope("prices"));
	}

	@Test
	void httpCacheReportsPurges() {
		this.httpResponseCache.invalidate("/p?q");
		this.httpResponseCache.invalidate("shop.example/p");
		this.httpResponseCache.invalidateTag("t");
		this.httpResponseCache.invalidateAll();
		assertThat(this.reported).containsExactly(new CacheInvalidation.HttpKey("/p?q"),
				new CacheInvalidation.HttpKey("shop.example/p"), new CacheInvalidation.HttpTag("t"),
				new CacheInvalidation.HttpAll());
	}

	@Test
	void httpCacheAppliesWithoutReporting() {
		assertThat(this.httpResponseCache.apply(new CacheInvalidation.HttpKey("/p"))).isTrue();
		assertThat(this.httpResponseCache.apply(new CacheInvalidation.HttpTag("t"))).isTrue();
		assertThat(this.httpResponseCache.apply(new CacheInvalidation.HttpAll())).isTrue();
		assertThat(this.httpResponseCache.apply(new CacheInvalidation.SharedAll())).isFalse();
		assertThat(this.reported).isEmpty();
	}

}
