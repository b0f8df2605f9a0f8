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

package dev.reuseport.netty;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

/**
 * The {@link WebServer} Spring Boot sees for a {@link WorkerGroup}: {@link #getPort()} is
 * the shared port, {@link #stop()} stops every worker and {@link #shutDownGracefully}
 * drains them all and calls back once. It adapts the group to Boot's lifecycle, as Boot's
 * own {@code NettyWebServer} delegates graceful shutdown to a {@code GracefulShutdown};
 * the other methods are shortcuts to the group.
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

	/**
	 * Return the workers that are started, in index order.
	 * @return an immutable snapshot of the workers
	 * @see WorkerGroup#getWorkers()
	 */
	public List<ReusePortWorker> getWorkers() {
		return this.workerGroup.getWorkers();
	}

	/**
	 * Replace one worker, start-before-stop.
	 * @param index the worker index
	 * @param drainTimeout the longest wait for the old worker's in-flight requests
	 * @return what was done
	 * @see WorkerGroup#restartWorker(int, Duration)
	 */
	public WorkerGroup.WorkerRestart restartWorker(int index, Duration drainTimeout) {
		return this.workerGroup.restartWorker(index, drainTimeout);
	}

	/**
	 * Replace every worker, one at a time.
	 * @param delay the pause between two workers
	 * @param drainTimeout the longest wait for each old worker's in-flight requests
	 * @return what was done, per worker
	 * @see WorkerGroup#restartAll(Duration, Duration)
	 */
	public List<WorkerGroup.WorkerRestart> restartAll(Duration delay, Duration drainTimeout) {
		return this.workerGroup.restartAll(delay, drainTimeout);
	}

	/**
	 * Add or remove workers until {@code workers} run.
	 * @param workers the number of workers, at least 1
	 * @param drainTimeout the longest wait for a removed worker's in-flight requests
	 * @return the number of workers running afterwards
	 * @see WorkerGroup#scaleTo(int, Duration)
	 */
	public int scaleTo(int workers, Duration drainTimeout) {
		return this.workerGroup.scaleTo(workers, drainTimeout);
	}

	/**
	 * Ask for a rolling restart from outside (Actuator).
	 * @param index the worker to restart, or {@code null} for every worker
	 * @param delay the pause between two workers
	 * @param drainTimeout the longest wait for each old worker's in-flight requests
	 * @return the indexes that will be restarted
	 * @see WorkerGroup#requestRestart(Integer, Duration, Duration)
	 */
	public List<Integer> requestRestart(@Nullable Integer index, Duration delay, Duration drainTimeout) {
		return this.workerGroup.requestRestart(index, delay, drainTimeout);
	}

	/**
	 * Ask for scaling from outside (Actuator).
	 * @param workers the number of workers, at least 1
	 * @param drainTimeout the longest wait for a removed worker's in-flight requests
	 * @see WorkerGroup#requestScale(int, Duration)
	 */
	public void requestScale(int workers, Duration drainTimeout) {
		this.workerGroup.requestScale(workers, drainTimeout);
	}

}
