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

package dev.reuseport.server;

import dev.reuseport.server.supervision.WorkerGroup;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

/**
 * The {@link WebServer} Spring Boot sees for a {@link WorkerGroup}: {@link #getPort()} is
 * the shared port, {@link #stop()} stops every worker and {@link #shutDownGracefully}
 * drains them all and calls back once. It adapts the group to Boot's lifecycle, as Boot's
 * own {@code NettyWebServer} delegates graceful shutdown to a {@code GracefulShutdown}.
 * Monitoring and management reach the workers through the {@link WorkerGroup} (a bean
 * when the auto-configuration creates the server), not through this class.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class ReusePortWebServer implements WebServer {

	private final WorkerGroup workerGroup;

	ReusePortWebServer(WorkerGroup workerGroup) {
		this.workerGroup = workerGroup;
	}

	@Override
	public void start() throws WebServerException {
		this.workerGroup.start();
	}

	@Override
	public void stop() throws WebServerException {
		this.workerGroup.stop();
	}

	/**
	 * Drain every worker at once and call back once when all are done; calls back
	 * {@code IMMEDIATE} at once unless {@code server.shutdown=graceful}. Spring Boot
	 * bounds the wait with {@code spring.lifecycle.timeout-per-shutdown-phase} and then
	 * calls {@link #stop()}.
	 * @param callback called once
	 */
	@Override
	public void shutDownGracefully(GracefulShutdownCallback callback) {
		this.workerGroup.shutDownGracefully(callback);
	}

	@Override
	public int getPort() {
		return this.workerGroup.getPort();
	}

	/**
	 * Return the group of workers behind this server.
	 * @return the worker group
	 */
	public WorkerGroup getWorkerGroup() {
		return this.workerGroup;
	}

}
