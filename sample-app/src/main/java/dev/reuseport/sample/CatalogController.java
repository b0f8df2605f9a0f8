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

package dev.reuseport.sample;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.reuseport.cache.SharedCache;
import dev.reuseport.offload.OffloadScheduler;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that show the caches:
 * <ul>
 * <li>{@code GET /products/{id}} renders a product page with 5 ms of CPU on the offload
 * scheduler and marks it cacheable for 60 s (plus 30 s stale-while-revalidate), tagged
 * {@code product-{id}} and {@code catalog}, with an {@code ETag};</li>
 * <li>{@code POST /products/{id}} changes a product: the HTTP cache invalidates
 * {@code /products/{id}} because the request is unsafe and succeeded;</li>
 * <li>{@code GET /price?id=...} is cheap and cacheable for 60 s: each new {@code id} is a
 * miss;</li>
 * <li>{@code GET /stock/{id}} loads a value through the {@link SharedCache}
 * (single-flight, 10 s time-to-live).</li>
 * </ul>
 *
 * @author reuseport team
 */
@RestController
class CatalogController {

	private static final CacheControl PRODUCT_CACHING = CacheControl.maxAge(Duration.ofSeconds(60))
		.cachePublic()
		.staleWhileRevalidate(Duration.ofSeconds(30));

	private final OffloadScheduler offloadScheduler;

	private final SharedCache sharedCache;

	private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

	private final AtomicLong stockLoads = new AtomicLong();

	CatalogController(OffloadScheduler offloadScheduler, SharedCache sharedCache) {
		this.offloadScheduler = offloadScheduler;
		this.sharedCache = sharedCache;
	}

	@GetMapping("/products/{id}")
	Mono<ResponseEntity<String>> product(@PathVariable String id) {
		long version = version(id).get();
		return this.offloadScheduler.submit(() -> render(id, version))
			.map((page) -> ResponseEntity.ok()
				.cacheControl(PRODUCT_CACHING)
				.eTag(id + "-" + version)
				.header("Cache-Tag", "product-" + id, "catalog")
				.body(page));
	}

	@PostMapping("/products/{id}")
	ResponseEntity<Void> update(@PathVariable String id) {
		version(id).incrementAndGet();
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/price")
	ResponseEntity<String> price(@RequestParam String id) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofSeconds(60)))
			.body("{\"id\":\"" + id.replaceAll("[^A-Za-z0-9_-]", "") + "\",\"price\":" + (id.hashCode() & 0xfff) + "}");
	}

	@GetMapping("/stock/{id}")
	Mono<String> stock(@PathVariable String id) {
		return this.sharedCache.get("stock:" + id, Duration.ofSeconds(10), () -> Mono.delay(Duration.ofMillis(50))
			.map((tick) -> id + " in stock (load #" + this.stockLoads.incrementAndGet() + ")"));
	}

	private AtomicLong version(String id) {
		return this.versions.computeIfAbsent(id, (key) -> new AtomicLong());
	}

	private static String render(String id, long version) {
		long burnt = CpuWork.burn(5);
		return "<html><body><h1>Product " + id.replaceAll("[^A-Za-z0-9_-]", "") + "</h1><p>version " + version
				+ ", rendered in " + burnt + " ms by " + Thread.currentThread().getName() + "</p></body></html>";
	}

}
