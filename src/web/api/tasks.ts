import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { List } from '../../domain/list';
import type { CreateTaskBody, Task, TaskDueFilter } from '../../domain/task';
import { api } from './api';
import { client360Key, refreshClient } from './activity';

export type { Task } from '../../domain/task';
const enc = encodeURIComponent;
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** My open tasks due in one window, in the browser's time zone (for "today"). */
export function useMyTasks(due: TaskDueFilter) {
  return useQuery({
    queryKey: ['tasks', 'mine', due],
    queryFn: ({ signal }) => api.get<List<Task>>(`/tasks?assignee=me&status=open&limit=200&due=${due}&tz=${enc(timeZone())}`, signal),
  });
}

export function useClientTasks(clientId: string) {
  return useQuery({
    queryKey: [...client360Key(clientId), 'tasks'],
    queryFn: ({ signal }) => api.get<List<Task>>(`/clients/${enc(clientId)}/tasks?status=open&limit=100`, signal),
  });
}

export function useCreateTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTaskBody) => api.post<Task>('/tasks', body),
    onSuccess: (task) => refreshClient(qc, task.clientId),
  });
}

/** Marks a task done (or open again) from a list. */
export function useCompleteTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ task, done }: { task: Task; done: boolean }) => api.post<Task>(`/tasks/${enc(task.id)}/${done ? 'complete' : 'reopen'}`, {}),
    onSuccess: (task) => refreshClient(qc, task.clientId),
  });
}
