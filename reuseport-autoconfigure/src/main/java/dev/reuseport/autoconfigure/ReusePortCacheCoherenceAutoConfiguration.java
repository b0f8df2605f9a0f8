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

import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.coherence.CacheCoherence;
import dev.reuseport.cache.coherence.CacheCoherenceUnavailableException;
import dev.reuseport.cache.coherence.CacheCoherenceUnavailableException.Reason;
import dev.reuseport.cache.coherence.InvalidationTransport;
import dev.reuseport.cache.coherence.RedisInvalidationTransport;
import dev.reuseport.cache.http.HttpResponseCache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * Auto-configuration of the {@link CacheCoherence} link that publishes every invalidation
 * of the shared cache and the HTTP response cache to the other instances of the
 * application through Redis pub/sub. Off unless
 * {@code reuseport.cache.redis.enabled=true}; then Spring Data Redis with Lettuce must be
 * there, or start-up fails with the dependency to add.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(after = { ReusePortCacheAutoConfiguration.class, ReusePortHttpCacheAutoConfiguration.class },
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@ConditionalOnBooleanProperty("reuseport.cache.redis.enabled")
@EnableConfigurationProperties(ReusePortCacheProperties.class)
public final class ReusePortCacheCoherenceAutoConfiguration {

	private static final String CONNECTION_FACTORY = "org.springframework.data.redis.connection.ReactiveRedisConnectionFactory";

	@Bean
	@ConditionalOnMissingBean
	CacheCoherence cacheCoherence(ObjectProvider<SharedCache> sharedCache,
			ObjectProvider<HttpResponseCache> httpResponseCache, InvalidationTransport transport,
			ReusePortCacheProperties properties) {
		return new CacheCoherence(sharedCache.getIfAvailable(), httpResponseCache.getIfAvailable(), transport,
				properties.getRedis().getMaxPending(), properties.getRedis().getPublishInterval());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = CONNECTION_FACTORY)
	static class RedisTransportConfiguration {

		@Bean
		@ConditionalOnMissingBean(InvalidationTransport.class)
		RedisInvalidationTransport redisInvalidationTransport(
				ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory, ReusePortCacheProperties properties,
				Environment environment) {
			ReactiveRedisConnectionFactory factory = connectionFactory.getIfUnique();
			if (factory == null) {
				throw new CacheCoherenceUnavailableException(Reason.NO_REACTIVE_CONNECTION_FACTORY);
			}
			ReusePortCacheProperties.Redis redis = properties.getRedis();
			String channel = (redis.getChannel() != null) ? redis.getChannel() : "reuseport:"
					+ environment.getProperty("spring.application.name", "application") + ":invalidations";
			return new RedisInvalidationTransport(factory, channel, redis.getProbeInterval(), redis.getTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(CONNECTION_FACTORY)
	static class MissingRedisConfiguration {

		MissingRedisConfiguration() {
			throw new CacheCoherenceUnavailableException(Reason.NO_SPRING_DATA_REDIS);
		}

	}

}
