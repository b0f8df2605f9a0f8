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

package dev.reuseport.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reuseport.autoconfigure.metrics.ReusePortMetricsAutoConfiguration;
import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.SharedCacheWeigher;
import dev.reuseport.cache.http.HttpCacheWebFilter;
import dev.reuseport.cache.http.HttpResponseCache;
import dev.reuseport.cache.spring.SharedCacheManager;
import dev.reuseport.metrics.ReusePortCacheMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ReusePortCacheAutoConfiguration},
 * {@link ReusePortHttpCacheAutoConfiguration} and the cache part of
 * {@link ReusePortMetricsAutoConfiguration}.
 *
 * @author reuseport team
 */
class ReusePortCacheAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReusePortCacheAutoConfiguration.class));

	private final ReactiveWebApplicationContextRunner webContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReusePortCacheAutoConfiguration.class,
				ReusePortHttpCacheAutoConfiguration.class, ReusePortMetricsAutoConfiguration.class));

	@Test
	void sharedCacheWithDefaults() {
		this.contextRunner.run((context) -> {
			SharedCache cache = context.getBean(SharedCache.class);
			assertThat(cache.getName()).isEqualTo("reuseport.shared");
			assertThat(cache.getMaxSize()).isEqualTo(64 * 1024 * 1024);
			assertThat(cache.getMaxEntrySize()).isEqualTo(1024 * 1024);
			assertThat(context).doesNotHaveBean(CacheManager.class);
		});
	}

	@Test
	void propertiesReachTheSharedCache() {
		this.contextRunner.withPropertyValues("reuseport.cache.max-size=2MB", "reuseport.cache.max-entry-size=10KB")
			.run((context) -> {
				SharedCache cache = context.getBean(SharedCache.class);
				assertThat(cache.getMaxSize()).isEqualTo(2 * 1024 * 1024);
				assertThat(cache.getMaxEntrySize()).isEqualTo(10 * 1024);
			});
	}

	@Test
	void userWeigherWeighsEntries() {
		this.contextRunner.withBean(SharedCacheWeigher.class, () -> (key, value) -> 5000).run((context) -> {
			SharedCache cache = context.getBean(SharedCache.class);
			cache.put("key", "v");
			cache.getNativeCache().synchronous().cleanUp();
			assertThat(cache.getSize()).isEqualTo(5000);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("reuseport.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SharedCache.class));
	}

	@Test
	void backsOffWithoutCaffeine() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Caffeine.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SharedCache.class));
	}

	@Test
	void reactiveCacheableMethodsUseTheSharedCache() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(SharedCacheManager.class);
			Catalog catalog = context.getBean(Catalog.class);
			assertThat(catalog.product("1").block()).isEqualTo("product 1 #1");
			assertThat(catalog.product("1").block()).isEqualTo("product 1 #1");
			assertThat(catalog.product("2").block()).isEqualTo("product 2 #2");
			assertThat(context.getBean(SharedCache.class).getEntries()).isEqualTo(2);
		});
	}

	@Test
	void reactiveCacheableMethodsDoNotCacheFailures() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			assertThatIllegalStateException().isThrownBy(() -> catalog.failing("1").block());
			assertThatIllegalStateException().isThrownBy(() -> catalog.failing("1").block());
			assertThat(catalog.calls()).isEqualTo(2);
		});
	}

	@Test
	void synchronizedCacheableMethodsShareOneLoad() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			assertThat(catalog.synchronizedProduct("1").block()).isEqualTo("product 1 #1");
			assertThat(catalog.synchronizedProduct("1").block()).isEqualTo("product 1 #1");
			context.getBean(CacheManager.class).getCache("synchronized").clear();
			assertThat(catalog.synchronizedProduct("1").block()).isEqualTo("product 1 #2");
		});
	}

	@Test
	void userCacheManagerWins() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withBean(CacheManager.class, ConcurrentMapCacheManager::new)
			.run((context) -> assertThat(context.getBean(CacheManager.class))
				.isInstanceOf(ConcurrentMapCacheManager.class));
	}

	@Test
	void springCacheTypeKeepsSpringBootsCacheManager() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.type=simple")
			.run(ReusePortCacheAutoConfigurationTests::assertNoCacheManager);
	}

	@Test
	void springCacheIntegrationCanBeSwitchedOff() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("reuseport.cache.spring-cache=false")
			.run(ReusePortCacheAutoConfigurationTests::assertNoCacheManager);
	}

	@Test
	void httpCacheIsOffByDefault() {
		this.webContextRunner.run((context) -> assertThat(context).doesNotHaveBean(HttpCacheWebFilter.class)
			.doesNotHaveBean(HttpResponseCache.class));
	}

	@Test
	void httpCacheWithProperties() {
		this.webContextRunner
			.withPropertyValues("reuseport.cache.http.enabled=true", "reuseport.cache.http.name=edge",
					"reuseport.cache.http.max-size=1MB")
			.run((context) -> {
				HttpResponseCache cache = context.getBean(HttpResponseCache.class);
				assertThat(cache.getName()).isEqualTo("edge");
				assertThat(cache.getMaxSize()).isEqualTo(1024 * 1024);
				assertThat(context.getBean(HttpCacheWebFilter.class).getCache()).isSameAs(cache);
			});
	}

	@Test
	void httpCacheOnlyInReactiveWebApplication() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ReusePortHttpCacheAutoConfiguration.class))
			.withPropertyValues("reuseport.cache.http.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpCacheWebFilter.class));
	}

	@Test
	void metersForBothCaches() {
		this.webContextRunner.withPropertyValues("reuseport.cache.http.enabled=true")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(ReusePortCacheMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(ReusePortCacheMetrics.class).bindTo(registry);
				assertThat(registry.get("cache.size").tag("cache", "reuseport.shared").gauge()).isNotNull();
				assertThat(registry.get("cache.gets").tag("cache", "reuseport.http.reuseport").meters()).isNotEmpty();
				assertThat(registry.get("reuseport.cache.http.requests").functionCounters()).hasSize(5);
			});
	}

	@Test
	void zeroMaxSizeFailsWithReason() {
		this.contextRunner.withPropertyValues("reuseport.cache.max-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("'reuseport.cache.max-size' must be positive but was 0B"));
	}

	@Test
	void invalidTagsHeaderFailsWithReason() {
		this.webContextRunner
			.withPropertyValues("reuseport.cache.http.enabled=true", "reuseport.cache.http.tags-header=Cache Tag")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("'reuseport.cache.http.tags-header' must be a header field name but was Cache Tag"));
	}

	/**
	 * Without Spring Boot's cache auto-configuration in these tests, backing off leaves
	 * {@code @EnableCaching} without any cache manager.
	 */
	private static void assertNoCacheManager(AssertableApplicationContext context) {
		assertThat(context).getFailure()
			.isInstanceOf(NoSuchBeanDefinitionException.class)
			.hasMessageContaining("No qualifying bean of type 'org.springframework.cache.CacheManager'");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

	public static class Catalog {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Cacheable("products")
		public Mono<String> product(String id) {
			return Mono.fromCallable(() -> "product " + id + " #" + this.calls.incrementAndGet());
		}

		@Cacheable(cacheNames = "synchronized", sync = true)
		public Mono<String> synchronizedProduct(String id) {
			return Mono.fromCallable(() -> "product " + id + " #" + this.calls.incrementAndGet());
		}

		@Cacheable("failing")
		public Mono<String> failing(String id) {
			return Mono.fromCallable(() -> {
				this.calls.incrementAndGet();
				throw new IllegalStateException("failed " + id);
			});
		}

	}

}
