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

package dev.reuseport.actuate.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.OffloadStatistics;
import dev.reuseport.server.connection.WorkerStatistics;
import dev.reuseport.server.linux.KernelSettings;
import dev.reuseport.server.linux.PortListeners;
import dev.reuseport.server.supervision.ReusePortWorker;
import dev.reuseport.server.supervision.ScalingPolicy;
import dev.reuseport.server.supervision.WorkerChangeInProgressException;
import dev.reuseport.server.supervision.WorkerGroup;
import dev.reuseport.server.supervision.WorkerGroupSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@link Endpoint @Endpoint} that shows the reuseport workers: how many run, on which
 * transport and port, whether the kernel migrates queued connections between listeners,
 * foreign listeners on the port, the offload scheduler, and per worker its state, event
 * loops, connections, requests, event-loop lag and utilization. Its default access is
 * read-only, so write operations (restart, scale, planned) stay off unless
 * {@code management.endpoint.reuseport.access=unrestricted}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@Endpoint(id = "reuseport", defaultAccess = Access.READ_ONLY)
public class ReusePortEndpoint {

	private static final int MAX_WORKERS = 256;

	private final WorkerGroup workerGroup;

	private final Supplier<@Nullable OffloadScheduler> offloadScheduler;

	/**
	 * Create a new instance.
	 * @param workerGroup the workers of the web server
	 * @param offloadScheduler supplies the offload scheduler, if any
	 */
	public ReusePortEndpoint(WorkerGroup workerGroup, Supplier<@Nullable OffloadScheduler> offloadScheduler) {
		this.workerGroup = workerGroup;
		this.offloadScheduler = offloadScheduler;
	}

	@ReadOperation
	public @Nullable ReusePortDescriptor reuseport() {
		WorkerGroupSettings settings = this.workerGroup.getSettings();
		List<ReusePortWorker> running = this.workerGroup.getWorkers();
		int port = this.workerGroup.getPort();
		if (settings == null || port < 0) {
			return null;
		}
		List<WorkerDescriptor> workers = running.stream().map(WorkerDescriptor::of).toList();
		PortListeners listeners = PortListeners.forPort(port);
		return new ReusePortDescriptor(settings.initialWorkers(), workers.size(),
				running.isEmpty() ? null : running.get(0).getTransportName(),
				(settings.address() != null) ? settings.address().getHostAddress() : null, port,
				KernelSettings.tcpMigrateReq().map((on) -> on ? "enabled" : "disabled").orElse("unknown"),
				PortListeners.isKnown() ? listeners.foreign() : null, OffloadDescriptor.of(this.offloadScheduler.get()),
				workers);
	}

	/**
	 * Change the workers in the background and answer {@code 202} at once (the request
	 * itself may be served by a worker being replaced); {@code GET} shows the result. Off
	 * unless {@code management.endpoint.reuseport.access=unrestricted}.
	 * <ul>
	 * <li>{@code POST .../restart} with {@code {"worker": 1}}, or {@code {}} for all:
	 * replace workers one at a time, each replacement started before its predecessor
	 * drains.</li>
	 * <li>{@code POST .../scale} with {@code {"workers": 3}}: add or remove workers.</li>
	 * </ul>
	 * @param action {@code restart} or {@code scale}
	 * @param worker the worker to restart, or {@code null} for all
	 * @param workers the number of workers to scale to
	 * @return {@code 202}; {@code 400} for bad arguments, {@code 404} for an unknown
	 * action or worker, {@code 409} while another change runs; nothing changes on an
	 * error
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> change(@Selector String action, @Nullable Integer worker,
			@Nullable Integer workers) {
		WorkerGroupSettings settings = this.workerGroup.getSettings();
		if (settings == null || this.workerGroup.getPort() < 0) {
			return EndpointResponses.message(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE,
					"The server is not running");
		}
		return switch (action) {
			case "restart" -> restart(settings, worker);
			case "scale" -> scale(settings, workers);
			default -> EndpointResponses.message(WebEndpointResponse.STATUS_NOT_FOUND,
					"Unknown action '" + action + "'; use 'restart' or 'scale'");
		};
	}

	private WebEndpointResponse<Map<String, Object>> restart(WorkerGroupSettings settings, @Nullable Integer worker) {
		if (worker != null && worker < 0) {
			return EndpointResponses.message(WebEndpointResponse.STATUS_BAD_REQUEST,
					"'worker' must not be negative but was " + worker);
		}
		try {
			List<Integer> indexes = this.workerGroup.requestRestart(worker, settings.restartDelay(),
					settings.drainTimeout());
			return new WebEndpointResponse<>(Map.of("restarting", indexes), 202);
		}
		catch (WorkerChangeInProgressException ex) {
			return EndpointResponses.message(409, ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			return EndpointResponses.message(WebEndpointResponse.STATUS_NOT_FOUND, ex.getMessage());
		}
	}

	private WebEndpointResponse<Map<String, Object>> scale(WorkerGroupSettings settings, @Nullable Integer workers) {
		ScalingPolicy policy = settings.scalingPolicy();
		int min = (policy != null) ? policy.getMinWorkers() : 1;
		int max = (policy != null) ? policy.getMaxWorkers() : MAX_WORKERS;
		if (workers == null || workers < min || workers > max) {
			return EndpointResponses.message(WebEndpointResponse.STATUS_BAD_REQUEST,
					"'workers' must be between " + min + " and " + max + " but was " + workers);
		}
		try {
			this.workerGroup.requestScale(workers, settings.drainTimeout());
			return new WebEndpointResponse<>(Map.of("scalingTo", workers), 202);
		}
		catch (WorkerChangeInProgressException ex) {
			return EndpointResponses.message(409, ex.getMessage());
		}
	}

	@ReadOperation
	public @Nullable WorkerDescriptor worker(@Selector int worker) {
		return this.workerGroup.getWorkers()
			.stream()
			.filter((candidate) -> candidate.getIndex() == worker)
			.findFirst()
			.map(WorkerDescriptor::of)
			.orElse(null);
	}

	/**
	 * The workers of the application.
	 *
	 * @param configuredWorkers the configured number of workers
	 * @param runningWorkers the number of workers started
	 * @param transport the event-loop transport
	 * @param address the bound address, {@code null} for all
	 * @param port the shared port
	 * @param tcpMigrateReq {@code enabled}, {@code disabled} or {@code unknown}
	 * @param foreignListeners listeners on the port owned by other processes,
	 * {@code null} where unknown
	 * @param offload the offload scheduler, if any
	 * @param workers the workers
	 */
	public record ReusePortDescriptor(int configuredWorkers, int runningWorkers, @Nullable String transport,
			@Nullable String address, int port, String tcpMigrateReq, @Nullable Integer foreignListeners,
			@Nullable OffloadDescriptor offload, List<WorkerDescriptor> workers) implements OperationResponseBody {

	}

	/**
	 * One worker.
	 *
	 * @param index the worker index
	 * @param generation 0, then one more for each replacement
	 * @param state the state: starting, running, draining, stalled or stopped
	 * @param eventLoopThreads names of its event-loop threads
	 * @param activeConnections TCP connections open now
	 * @param acceptedConnections TCP connections it served since it started: accepted by
	 * its listener and kept, or handed to it by another worker's listener
	 * @param handedOffConnections TCP connections its listener accepted and handed to the
	 * worker serving the fewest ({@code reuseport.balance=least-connections})
	 * @param requests requests received since it started
	 * @param requestHeaderTimeouts connections closed for slow request headers
	 * @param idleTimeouts connections closed for idleness
	 * @param eventLoopLagMs recent maximum event-loop lag in milliseconds
	 * @param eventLoopUtilization event-loop utilization from 0 to 1, {@code null} before
	 * it is measured
	 * @param startedAt when it started listening
	 */
	public record WorkerDescriptor(int index, int generation, String state, List<String> eventLoopThreads,
			long activeConnections, long acceptedConnections, long handedOffConnections, long requests,
			long requestHeaderTimeouts, long idleTimeouts, double eventLoopLagMs, @Nullable Double eventLoopUtilization,
			@Nullable Instant startedAt) implements OperationResponseBody {

		static WorkerDescriptor of(ReusePortWorker worker) {
			WorkerStatistics statistics = worker.getStatistics();
			double utilization = worker.getEventLoopUtilization();
			return new WorkerDescriptor(worker.getIndex(), worker.getGeneration(),
					worker.getState().name().toLowerCase(Locale.ROOT), worker.getThreadNames(),
					statistics.getActiveConnections(), statistics.getAcceptedConnections(),
					statistics.getHandedOffConnections(), statistics.getRequests(),
					statistics.getRequestHeaderTimeouts(), statistics.getIdleTimeouts(),
					worker.getEventLoopLag().toNanos() / 1_000_000.0, Double.isNaN(utilization) ? null : utilization,
					worker.getStartedAt());
		}

	}

	/**
	 * The offload scheduler.
	 *
	 * @param name its name
	 * @param threads its threads
	 * @param busyThreads threads running a task now
	 * @param queued tasks waiting
	 * @param queueCapacity queue capacity
	 * @param completed tasks completed
	 * @param rejected tasks rejected because the queue was full
	 * @param queueTimeouts tasks dropped for waiting too long
	 * @param runTimeouts tasks interrupted for running too long
	 */
	public record OffloadDescriptor(String name, int threads, int busyThreads, int queued, int queueCapacity,
			long completed, long rejected, long queueTimeouts, long runTimeouts) {

		static @Nullable OffloadDescriptor of(@Nullable OffloadScheduler scheduler) {
			if (scheduler == null) {
				return null;
			}
			OffloadStatistics statistics = scheduler.getStatistics();
			return new OffloadDescriptor(scheduler.getName(), statistics.threads(), statistics.busyThreads(),
					statistics.queued(), statistics.queueCapacity(), statistics.completed(), statistics.rejected(),
					statistics.queueTimeouts(), statistics.runTimeouts());
		}

	}

}
