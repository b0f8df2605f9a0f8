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

import dev.reuseport.server.ReusePortReactiveWebServerFactory;
import dev.reuseport.server.ReusePortServerRuntimeHints;
import dev.reuseport.server.supervision.ScalingPolicy;
import dev.reuseport.server.supervision.WorkerGroup;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.http.ReactiveHttpInputMessage;

/**
 * Auto-configuration that replaces Spring Boot's single Netty server with
 * {@code reuseport.workers} servers sharing one port through {@code SO_REUSEPORT}. Backs
 * off when the application defines its own {@link ReactiveWebServerFactory}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@AutoConfiguration(before = NettyReactiveWebServerAutoConfiguration.class)
@ConditionalOnClass({ ReactiveHttpInputMessage.class, HttpServer.class, ReusePortReactiveWebServerFactory.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "reuseport.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReusePortProperties.class)
@ImportRuntimeHints(ReusePortServerRuntimeHints.class)
public final class ReusePortWebServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReactiveWebServerFactory.class)
	WorkerGroup reusePortWorkerGroup() {
		return new WorkerGroup();
	}

	@Bean
	@ConditionalOnMissingBean(ReactiveWebServerFactory.class)
	ReusePortReactiveWebServerFactory reusePortReactiveWebServerFactory(ReusePortProperties properties,
			WorkerGroup workerGroup, ObjectProvider<NettyRouteProvider> routes,
			ObjectProvider<NettyServerCustomizer> serverCustomizers) {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory();
		factory.setWorkerGroup(workerGroup);
		factory.setWorkers(properties.determineWorkers());
		ConfigurationWarnings.workersAboveProcessors(properties.determineWorkers(),
				Runtime.getRuntime().availableProcessors());
		factory.setWorkerThreads(properties.getWorkerThreads());
		factory.setTransport(properties.getTransport());
		factory.setBalance(properties.getBalance());
		factory.setAllowSharedPort(properties.isAllowSharedPort());
		factory.setIdleTimeout(properties.getIdleTimeout());
		factory.setRequestHeaderTimeout(properties.getRequestHeaderTimeout());
		factory.setProbeInterval(properties.getWatchdog().getInterval());
		factory.setStallThreshold(properties.getWatchdog().getStallThreshold());
		factory.setStallRecovery(properties.getWatchdog().isRecovery());
		factory.setDrainTimeout(properties.getDrainTimeout());
		factory.setDrainWindow(properties.getDrainWindow());
		ConfigurationWarnings.drainWindowLongerThanTimeout(properties.getDrainWindow(), properties.getDrainTimeout());
		factory.setRestartDelay(properties.getRestartDelay());
		ReusePortProperties.Scaling scaling = properties.getScaling();
		if (scaling.isEnabled()) {
			factory.setScalingPolicy(new ScalingPolicy(scaling.getMinWorkers(), scaling.determineMaxWorkers(),
					scaling.getUpUtilization(), scaling.getUpWindow(), scaling.getDownUtilization(),
					scaling.getDownWindow(), scaling.getCooldown()));
		}
		routes.orderedStream().forEach(factory::addRouteProviders);
		factory.getServerCustomizers().addAll(serverCustomizers.orderedStream().toList());
		return factory;
	}

}
