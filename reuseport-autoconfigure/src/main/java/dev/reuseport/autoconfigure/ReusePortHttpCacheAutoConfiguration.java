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

import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reuseport.cache.http.EarlyHitRouteProvider;
import dev.reuseport.cache.http.HttpCacheExclusion;
import dev.reuseport.cache.http.HttpCacheWebFilter;
import dev.reuseport.cache.http.HttpResponseCache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Auto-configuration of the HTTP response cache, a {@link WebFilter} in front of the
 * application's handlers. Off unless {@code reuseport.cache.http.enabled=true}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ Caffeine.class, WebFilter.class })
@ConditionalOnBooleanProperty("reuseport.cache.http.enabled")
@EnableConfigurationProperties(ReusePortCacheProperties.class)
public final class ReusePortHttpCacheAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HttpResponseCache httpResponseCache(ReusePortCacheProperties properties) {
		ReusePortCacheProperties.Http http = properties.getHttp();
		ReusePortCacheProperties.Redis redis = properties.getRedis();
		InvalidPropertyException.check(!redis.isShareResponses() || redis.isEnabled(),
				"reuseport.cache.redis.share-responses", true,
				"be false unless reuseport.cache.redis.enabled=true (the shared responses use the link's Redis)");
		ConfigurationWarnings.entryLargerThanCache("reuseport.cache.http", http.getMaxSize(), http.getMaxEntrySize());
		return new HttpResponseCache(http.getName(), http.getMaxSize(), http.getMaxEntrySize());
	}

	@Bean
	@ConditionalOnBooleanProperty("reuseport.cache.http.serve-hits-early")
	@ConditionalOnMissingBean
	EarlyHitRouteProvider earlyHitRouteProvider(HttpResponseCache httpResponseCache,
			ObjectProvider<ForwardedHeaderTransformer> forwardedHeaderTransformer) {
		ForwardedHeaderTransformer transformer = forwardedHeaderTransformer.getIfUnique();
		return new EarlyHitRouteProvider(httpResponseCache, transformer != null && !transformer.isRemoveOnly());
	}

	@Bean
	@ConditionalOnMissingBean
	HttpCacheWebFilter httpCacheWebFilter(HttpResponseCache httpResponseCache, ReusePortCacheProperties properties,
			ObjectProvider<HttpCacheExclusion> exclusions) {
		ReusePortCacheProperties.Http http = properties.getHttp();
		HttpCacheWebFilter filter = new HttpCacheWebFilter(httpResponseCache, http.getDefaultTimeToLive(),
				http.getKeepStale(), http.getTagsHeader(), http.getLockTimeout());
		filter.setExclusions(exclusions.orderedStream().toList());
		return filter;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(PathMappedEndpoints.class)
	static class ActuatorExclusionConfiguration {

		/**
		 * Actuator's endpoints, on the main port or the management port, are never
		 * stored: a probe must read the health of now, not of a minute ago.
		 * @param endpoints the web endpoints of Actuator, if any
		 * @return their paths
		 */
		@Bean
		HttpCacheExclusion actuatorHttpCacheExclusion(ObjectProvider<PathMappedEndpoints> endpoints) {
			PathMappedEndpoints mapped = endpoints.getIfAvailable();
			if (mapped == null) {
				return new HttpCacheExclusion(List.of());
			}
			List<String> paths = new ArrayList<>();
			String basePath = mapped.getBasePath();
			if (basePath != null && basePath.length() > 1) {
				paths.add(basePath.startsWith("/") ? basePath : "/" + basePath);
			}
			HttpCacheExclusion base = new HttpCacheExclusion(List.copyOf(paths));
			for (String rootPath : mapped.getAllRootPaths()) {
				String path = rootPath.startsWith("/") ? rootPath : "/" + rootPath;
				if (!base.excludes(path) && !paths.contains(path)) {
					paths.add(path);
				}
			}
			return new HttpCacheExclusion(paths);
		}

	}

}
