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

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.SharedCacheWeigher;
import dev.reuseport.cache.spring.SharedCacheManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Auto-configuration of the {@link SharedCache}, and of a {@link SharedCacheManager} on
 * top of it when caching is enabled and the application has no cache manager of its own.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(Caffeine.class)
@ConditionalOnBooleanProperty(name = "reuseport.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReusePortCacheProperties.class)
public final class ReusePortCacheAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SharedCache sharedCache(ReusePortCacheProperties properties, ObjectProvider<SharedCacheWeigher> weigher) {
		ConfigurationWarnings.entryLargerThanCache("reuseport.cache", properties.getMaxSize(),
				properties.getMaxEntrySize());
		ConfigurationWarnings.earlyHitsWithoutHttpCache(properties.getHttp());
		ConfigurationWarnings.sharedResponsesWithoutHttpCache(properties);
		return new SharedCache(SharedCache.DEFAULT_NAME, properties.getMaxSize(), properties.getMaxEntrySize(),
				properties.getTimeToLive(), weigher.getIfAvailable(SharedCacheWeigher::estimating));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(CacheManager.class)
	@ConditionalOnBean(CacheAspectSupport.class)
	@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
	@Conditional(NoCacheTypeCondition.class)
	@ConditionalOnBooleanProperty(name = "reuseport.cache.spring-cache", matchIfMissing = true)
	static class SharedCacheManagerConfiguration {

		@Bean
		SharedCacheManager cacheManager(SharedCache sharedCache) {
			return new SharedCacheManager(sharedCache);
		}

	}

	/**
	 * Matches when {@code spring.cache.type} is not set: an application that chose a
	 * cache type keeps Spring Boot's cache manager.
	 */
	static class NoCacheTypeCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String type = context.getEnvironment().getProperty("spring.cache.type");
			return (type != null) ? ConditionOutcome.noMatch("spring.cache.type is set to " + type)
					: ConditionOutcome.match("spring.cache.type is not set");
		}

	}

}
