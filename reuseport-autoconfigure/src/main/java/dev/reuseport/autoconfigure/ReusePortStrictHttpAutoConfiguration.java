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

import dev.reuseport.http.StrictHttpServerCustomizer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of strict HTTP/1.1 framing ({@code reuseport.strict-http}, on by
 * default) for the reuseport workers and for Spring Boot's own Netty server alike.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(HttpServer.class)
@ConditionalOnBooleanProperty(name = "reuseport.strict-http", matchIfMissing = true)
public final class ReusePortStrictHttpAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StrictHttpServerCustomizer strictHttpServerCustomizer() {
		return new StrictHttpServerCustomizer();
	}

}
