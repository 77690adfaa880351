/**
 * @module use-api-mutation
 * A change through the API; afterwards every cached list and page is stale, because one change
 * (a payment, an approval) moves numbers on many pages at once.
 */
import { type MutationFunction, useMutation, useQueryClient } from '@tanstack/react-query';
import { SESSION_KEY } from '../auth/session.ts';

export function useApiMutation<TResult, TInput = void>(
  mutationFn: MutationFunction<TResult, TInput>,
  onSuccess?: (result: TResult, input: TInput) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (result, input) => {
      onSuccess?.(result, input);
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}
