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

package dev.reuseport.testsupport;

import java.util.ArrayList;
import java.util.List;

import dev.reuseport.server.ReusePortReactiveWebServerFactory;
import dev.reuseport.server.ReusePortWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.http.server.reactive.HttpHandler;

/**
 * Starts {@link ReusePortWebServer}s for a test and stops them after it. Register with
 * {@code @RegisterExtension}.
 *
 * @author reuseport team
 */
public final class StartedServers implements AfterEachCallback {

	private final List<ReusePortWebServer> servers = new ArrayList<>();

	/**
	 * Start a server of the factory that answers with {@link TestHandlers#threadName()}.
	 * @param factory the factory
	 * @return the started server
	 */
	public ReusePortWebServer start(ReusePortReactiveWebServerFactory factory) {
		return start(factory, TestHandlers.threadName());
	}

	/**
	 * Start a server of the factory that answers with the given handler.
	 * @param factory the factory
	 * @param handler the handler
	 * @return the started server
	 */
	public ReusePortWebServer start(ReusePortReactiveWebServerFactory factory, HttpHandler handler) {
		ReusePortWebServer server = (ReusePortWebServer) factory.getWebServer(handler);
		this.servers.add(server);
		server.start();
		return server;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.servers.forEach(ReusePortWebServer::stop);
		this.servers.clear();
	}

}
