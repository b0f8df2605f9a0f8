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

package dev.reuseport.autoconfigure.endpoint;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reuseport.actuate.endpoint.ReusePortCacheEndpoint;
import dev.reuseport.autoconfigure.ReusePortCacheAutoConfiguration;
import dev.reuseport.autoconfigure.ReusePortCacheCoherenceAutoConfiguration;
import dev.reuseport.autoconfigure.ReusePortHttpCacheAutoConfiguration;
import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.coherence.CacheCoherence;
import dev.reuseport.cache.http.HttpResponseCache;
import dev.reuseport.cache.http.RedisTierStatistics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link ReusePortCacheEndpoint}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(after = { ReusePortCacheAutoConfiguration.class, ReusePortHttpCacheAutoConfiguration.class,
		ReusePortCacheCoherenceAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class, Caffeine.class })
@ConditionalOnAvailableEndpoint(ReusePortCacheEndpoint.class)
@EnableConfigurationProperties(ReusePortCacheEndpointProperties.class)
public final class ReusePortCacheEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReusePortCacheEndpoint reusePortCacheEndpoint(ObjectProvider<SharedCache> sharedCache,
			ObjectProvider<HttpResponseCache> httpResponseCache, ObjectProvider<CacheCoherence> cacheCoherence,
			ObjectProvider<RedisTierStatistics> redisTier, ReusePortCacheEndpointProperties properties) {
		return new ReusePortCacheEndpoint(sharedCache.getIfAvailable(), httpResponseCache.getIfAvailable(),
				cacheCoherence.getIfAvailable(), redisTier.getIfAvailable(), properties.getShowValues(),
				properties.getRoles());
	}

}
