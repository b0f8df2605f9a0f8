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

package dev.reuseport.offload.distributed;

/**
 * The Lua scripts of the task queue. Each runs atomically in Redis, so that a decision
 * and its effect cannot be separated by another worker: a worker acts on an entry only
 * while the consumer group's pending-entries list says it is the entry's owner (the
 * fence), and acknowledges an entry in the same step that records its outcome.
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class TaskScripts {

	/**
	 * Redis time in milliseconds, as a Lua expression.
	 */
	/**
	 * How long a job's state is kept, in seconds: a day.
	 */
	static final String JOB_TTL = "86400";

	private static final String NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + "
			+ "math.floor(tonumber(t[2]) / 1000) ";

	/**
	 * Queue a task unless the stream holds {@code ARGV[1]} entries already. KEYS[1] the
	 * task stream, KEYS[2] the job's state (set to {@code queued} for a job, an empty
	 * reply instance); ARGV: bound, timeout in ms (0: none), task id, name, arguments,
	 * reply instance, attempt, signature (empty: none), trace context (empty: none).
	 * Returns the entry id, or {@code false} when the queue is full.
	 */
	static final String SUBMIT = """
			if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return false end
			local deadline = 0
			if tonumber(ARGV[2]) > 0 then
			""" + NOW + """
			deadline = now + tonumber(ARGV[2]) end
			local fields = { 'v', '1', 'task', ARGV[3], 'name', ARGV[4], 'args', ARGV[5], 'reply', ARGV[6],
			  'deadline', string.format('%d', deadline), 'attempt', ARGV[7] }
			if ARGV[9] ~= '' then
			  fields[#fields + 1] = 'trace'
			  fields[#fields + 1] = ARGV[9]
			end
			if ARGV[8] ~= '' then
			  fields[#fields + 1] = 'sig'
			  fields[#fields + 1] = ARGV[8]
			end
			local id = redis.call('XADD', KEYS[1], '*', unpack(fields))
			if ARGV[6] == '' then redis.call('SET', KEYS[2], 'queued', 'EX', JOB_TTL) end
			return id
			""".replace("JOB_TTL", JOB_TTL);

	/**
	 * Decide whether to run an entry. KEYS[1] the task stream, KEYS[2] the job's state
	 * (set to {@code running} when ARGV[5] is {@code job}); ARGV: group, entry id,
	 * consumer, deadline, {@code job} or empty. Returns the entry's delivery count,
	 * {@code -1} when the consumer no longer owns it, {@code -2} when its deadline
	 * passed.
	 */
	static final String START = """
			local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
			if #p == 0 or p[1][2] ~= ARGV[3] then return -1 end
			local deadline = tonumber(ARGV[4])
			if deadline > 0 then
			""" + NOW + """
			if now > deadline then return -2 end end
			if ARGV[5] == 'job' then redis.call('SET', KEYS[2], 'running', 'EX', JOB_TTL) end
			return p[1][4]
			""".replace("JOB_TTL", JOB_TTL);

	/**
	 * Renew the leases of running entries: an entry the consumer still owns has its idle
	 * time reset (without counting a delivery). KEYS[1] the task stream; ARGV: group,
	 * consumer, entry ids. Returns the ids still owned.
	 */
	static final String RENEW = """
			local owned = {}
			for i = 3, #ARGV do
			  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
			  if #p > 0 and p[1][2] == ARGV[2] then
			    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
			    owned[#owned + 1] = ARGV[i]
			  end
			end
			return owned
			""";

	/**
	 * Record an entry's outcome and acknowledge it, only while the consumer owns it.
	 * KEYS[1] the task stream, KEYS[2] the reply stream (ignored when ARGV[6] is empty),
	 * KEYS[3] the dead-letter stream, KEYS[4] the retries waiting for their backoff,
	 * KEYS[5] the job's state (written when ARGV[6] is empty and ARGV[5] is not); ARGV:
	 * group, entry id, consumer, outcome ({@code done}, {@code expired}, {@code dead},
	 * {@code retry} or {@code requeue}), task id, reply instance, payload (result, error
	 * or reason), the instance that ran it, reply TTL in seconds, reply stream bound,
	 * dead-letter bound, backoff in ms, then the fields of the entry (for {@code retry}:
	 * the next attempt's, due after the backoff; for {@code requeue}: the same, queued
	 * again at once; for {@code dead}: what is kept of it). Returns 1, or 0 when the
	 * consumer no longer owns the entry (nothing written).
	 */
	static final String FINISH = """
			local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
			if #p == 0 or p[1][2] ~= ARGV[3] then return 0 end
			local outcome = ARGV[4]
			local fields = {}
			for i = 13, #ARGV do fields[#fields + 1] = ARGV[i] end
			if outcome == 'retry' then
			""" + NOW
			+ """
					  redis.call('ZADD', KEYS[4], now + tonumber(ARGV[12]), cjson.encode(fields))
					elseif outcome == 'requeue' then
					  redis.call('XADD', KEYS[1], '*', unpack(fields))
					end
					if ARGV[6] == '' and ARGV[5] ~= '' then
					  local states = { done = 'done', dead = 'dead', expired = 'expired', retry = 'retrying', requeue = 'queued' }
					  redis.call('SET', KEYS[5], states[outcome] or outcome, 'EX', JOB_TTL)
					end
					if outcome ~= 'retry' and outcome ~= 'requeue' then
					  if outcome == 'dead' then
					    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[11], '*', 'entry', ARGV[2], 'reason', ARGV[7],
					      'consumer', ARGV[3], unpack(fields))
					  end
					  if ARGV[6] ~= '' then
					    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[10], '*', 'task', ARGV[5], 'outcome', outcome,
					      'payload', ARGV[7], 'ran', ARGV[8])
					    redis.call('EXPIRE', KEYS[2], ARGV[9])
					  end
					end
					redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
					redis.call('XDEL', KEYS[1], ARGV[2])
					return 1
					"""
				.replace("JOB_TTL", JOB_TTL);

	/**
	 * Move the retries whose backoff is over to the task stream. KEYS[1] the retries,
	 * KEYS[2] the task stream; ARGV: the most to move. A member that is not an array of
	 * at most 16 strings (not written by a worker) is dropped. Returns how many moved.
	 */
	static final String PROMOTE = NOW + """
			local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
			local moved = 0
			for _, member in ipairs(due) do
			  local ok, fields = pcall(cjson.decode, member)
			  local valid = ok and type(fields) == 'table' and #fields > 0 and #fields <= 16 and #fields % 2 == 0
			  if valid then
			    for _, field in ipairs(fields) do
			      if type(field) ~= 'string' then valid = false end
			    end
			  end
			  if valid then
			    redis.call('XADD', KEYS[2], '*', unpack(fields))
			    moved = moved + 1
			  end
			  redis.call('ZREM', KEYS[1], member)
			end
			return moved
			""";

	private TaskScripts() {
	}

}
